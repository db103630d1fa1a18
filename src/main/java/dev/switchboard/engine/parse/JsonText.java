package dev.switchboard.engine.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;

/** Finding and reading JSON inside model text: strict, fenced, in prose, and with common slips repaired. */
final class JsonText {
    /** Standard JSON, one value, nothing after it. */
    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** Jackson's own leniencies cover most slips models make; Python literals are fixed before ({@link #pythonLiterals}). */
    static final ObjectMapper LENIENT = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA,
                    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** How many opening brackets in prose are tried before giving up; prose rarely has more candidates. */
    static final int MAX_STARTS = 8;

    private JsonText() {
    }

    static int firstNonSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int lastNonSpace(String s) {
        int i = s.length() - 1;
        while (i >= 0 && Character.isWhitespace(s.charAt(i))) {
            i--;
        }
        return i;
    }

    /** Strict JSON, or null when it is not (the caller has checked the first and last characters). */
    static JsonNode strict(String s) {
        try {
            return STRICT.readTree(s);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** JSON with the repairs applied, or null when even that fails. */
    static JsonNode lenient(String s) {
        try {
            return LENIENT.readTree(pythonLiterals(s));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The contents of the fenced blocks ({@code ```json ... ```} or a bare fence), in order. */
    static List<String> fencedBlocks(String s) {
        List<String> out = new ArrayList<>(1);
        int from = 0;
        while (true) {
            int open = s.indexOf("```", from);
            if (open < 0) {
                return out;
            }
            int bodyStart = s.indexOf('\n', open + 3);
            if (bodyStart < 0) {
                return out;
            }
            int close = s.indexOf("```", bodyStart + 1);
            if (close < 0) {
                // An unclosed fence (a cut-off answer): what follows may still be whole JSON.
                out.add(s.substring(bodyStart + 1));
                return out;
            }
            out.add(s.substring(bodyStart + 1, close));
            from = close + 3;
        }
    }

    /**
     * The end (exclusive) of the balanced value opening at {@code start}, or -1 when it never closes. Brackets in
     * strings (either quote) and comments do not count.
     */
    static int balancedEnd(String s, int start) {
        int depth = 0;
        char quote = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            switch (c) {
                case '"', '\'' -> {
                    // An apostrophe in a bare word ("don't") is not a quote.
                    if (c == '"' || i == 0 || !Character.isLetter(s.charAt(i - 1))) {
                        quote = c;
                    }
                }
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                case '/' -> {
                    if (i + 1 < s.length() && s.charAt(i + 1) == '/') {
                        int nl = s.indexOf('\n', i);
                        i = nl < 0 ? s.length() : nl;
                    } else if (i + 1 < s.length() && s.charAt(i + 1) == '*') {
                        int end = s.indexOf("*/", i + 2);
                        i = end < 0 ? s.length() : end + 1;
                    }
                }
                default -> {
                }
            }
        }
        return -1;
    }

    /** Python's {@code True}, {@code False} and {@code None} outside strings, as JSON's literals. */
    static String pythonLiterals(String s) {
        if (s.indexOf("True") < 0 && s.indexOf("False") < 0 && s.indexOf("None") < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                sb.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    sb.append(s.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
                sb.append(c);
                continue;
            }
            boolean wordStart = i == 0 || !Character.isLetterOrDigit(s.charAt(i - 1));
            String lit = !wordStart ? null : s.startsWith("True", i) ? "true" : s.startsWith("False", i) ? "false"
                    : s.startsWith("None", i) ? "null" : null;
            if (lit != null) {
                int end = i + (lit.equals("null") ? 4 : lit.length());
                if (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end))) {
                    sb.append(lit);
                    i = end - 1;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
