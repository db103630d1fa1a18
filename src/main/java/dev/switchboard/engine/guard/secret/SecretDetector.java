package dev.switchboard.engine.guard.secret;

import dev.switchboard.engine.guard.detect.Detector;
import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.detect.Findings;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials: keys with a vendor's known prefix ({@code secret.prefix}: OpenAI, Anthropic, AWS, GitHub, Slack,
 * Google, GitLab, Stripe, JWTs, PEM private keys), and other long random-looking tokens ({@code secret.entropy}).
 * A prefix is searched for with {@code indexOf} and only then matched; entropy is computed only for tokens of 20 to
 * 256 characters that mix upper case, lower case and digits. UUIDs, hex digests (unless a key word such as
 * "token" or "key" is close), camel-case identifiers and base64 that decodes to ordinary text are not secrets.
 * A credential assigned to a key that names one ({@code DB_PASSWORD=...}, {@code smtp_pass: ...},
 * {@code redis-cli -a '...'}) is one ({@code secret.assignment}) when the value has 8 or more characters that mix
 * three kinds (upper case, lower case, digits, symbols) and is not a placeholder ({@code <your-key>},
 * {@code ${DB_PASSWORD}}, {@code ${{ secrets.X }}}, {@code changeme}, {@code ********}).
 */
public final class SecretDetector implements Detector {
    public static final String PREFIX_RULE = "secret.prefix";
    public static final String ENTROPY_RULE = "secret.entropy";
    public static final String ASSIGNMENT_RULE = "secret.assignment";
    private static final int MIN_TOKEN = 20;
    // Keys are short; a longer run is a pasted blob (an image as base64, a minified bundle), not a credential.
    private static final int MAX_TOKEN = 256;
    private static final double MIN_ENTROPY = 3.5;

    private record Prefix(String prefix, Pattern body) {
    }

    // Longer prefixes that share a start with a shorter one come first.
    private static final Prefix[] PREFIXES = {
            new Prefix("sk-", Pattern.compile("sk-(?:ant-(?:api\\d\\d-|admin\\d\\d-)?|proj-|svcacct-|admin-)?"
                    + "[A-Za-z0-9_\\-]{20,}")),
            new Prefix("AKIA", Pattern.compile("AKIA[A-Z0-9]{16}(?![A-Za-z0-9])")),
            new Prefix("ASIA", Pattern.compile("ASIA[A-Z0-9]{16}(?![A-Za-z0-9])")),
            new Prefix("gh", Pattern.compile("gh[pousr]_[A-Za-z0-9]{30,255}")),
            new Prefix("github_pat_", Pattern.compile("github_pat_[A-Za-z0-9_]{22,255}")),
            new Prefix("xox", Pattern.compile("xox[baprs]-[A-Za-z0-9-]{10,}")),
            new Prefix("AIza", Pattern.compile("AIza[0-9A-Za-z_\\-]{35}")),
            new Prefix("glpat-", Pattern.compile("glpat-[0-9A-Za-z_\\-]{20,}")),
            new Prefix("_live_", Pattern.compile("(?:sk|rk|pk)_live_[0-9A-Za-z]{20,}")),
            new Prefix("_test_", Pattern.compile("(?:sk|rk)_test_[0-9A-Za-z]{20,}")),
            new Prefix("eyJ", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*")),
            new Prefix("-----BEGIN", Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"
                    + "(?s:.*?)(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|\\z)")),
    };
    private static final Pattern UUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final String[] KEY_CUES = {"key", "token", "secret", "password", "passwd", "credential", "bearer",
            "auth"};

    @Override
    public List<Finding> find(String text) {
        List<Finding> out = null;
        for (Prefix p : PREFIXES) {
            int at = text.indexOf(p.prefix);
            Matcher m = null;
            while (at >= 0) {
                int start = p.prefix.startsWith("_") ? at - 2 : at;
                if (start >= 0 && (start == 0 || !wordChar(text.charAt(start - 1)))) {
                    if (m == null) {
                        m = p.body.matcher(text);
                    }
                    m.region(start, text.length());
                    if (m.lookingAt() && mixed(text, start, m.end(), p)) {
                        out = Findings.add(out, new Finding(PREFIX_RULE, Finding.SECRET, start, m.end(), 1.0));
                        at = text.indexOf(p.prefix, m.end());
                        continue;
                    }
                }
                at = text.indexOf(p.prefix, at + 1);
            }
        }
        out = entropy(text, out);
        out = assignments(text, out);
        return Findings.resolveOverlaps(out, List.of(Finding.SECRET));
    }

    /** An {@code sk-} key has digits and letters in its body, unlike {@code sk-learn-style-package-names}. */
    private static boolean mixed(String text, int from, int to, Prefix p) {
        if (!p.prefix.equals("sk-")) {
            return true;
        }
        boolean digit = false;
        boolean letter = false;
        for (int i = from + 3; i < to; i++) {
            char c = text.charAt(i);
            digit |= c >= '0' && c <= '9';
            letter |= Character.isLetter(c);
        }
        return digit && letter;
    }

    private List<Finding> entropy(String text, List<Finding> out) {
        int len = text.length();
        int i = 0;
        while (i < len) {
            if (!tokenChar(text.charAt(i))) {
                i++;
                continue;
            }
            int s = i;
            while (i < len && tokenChar(text.charAt(i))) {
                i++;
            }
            int e = i;
            // Trailing '=' padding stays; trailing '-', '/' or '_' are punctuation.
            while (e > s && (text.charAt(e - 1) == '-' || text.charAt(e - 1) == '_' || text.charAt(e - 1) == '/')) {
                e--;
            }
            if (e - s >= MIN_TOKEN && e - s <= MAX_TOKEN && !covered(out, s, e) && secretLike(text, s, e)) {
                out = Findings.add(out, new Finding(ENTROPY_RULE, Finding.SECRET, s, e,
                        Math.min(1.0, shannon(text, s, e) / 5.0)));
            }
        }
        return out;
    }

    // Key names end with one of these (lower-cased): DB_PASSWORD, smtp_pass, spring.datasource.password, api_key.
    private static final String[] KEY_ENDS = {"password", "passwd", "passphrase", "pass", "pwd", "secret", "token",
            "apikey", "api_key", "api-key", "accesskey", "access_key", "access-key", "secretkey", "secret_key",
            "secret-key", "privatekey", "private_key", "private-key", "authkey", "auth_key", "credentials",
            "credential"};
    // Command-line flags that take a password or token: redis-cli -a, mysql -p, curl-style --token.
    private static final String[] FLAGS = {"-a", "-p", "--password", "--pass", "--passwd", "--pwd", "--token",
            "--api-key", "--apikey", "--secret", "--auth", "--auth-token", "--access-key", "--secret-key"};
    // Short flags mean a password only for some commands: grep -a, ls -a, docker -p are something else.
    private static final String[] PASSWORD_COMMANDS = {"redis-cli", "mysql", "mariadb", "sshpass", "mongo", "mongosh",
            "mongodump", "mongorestore", "keydb-cli", "memtier", "zip", "7z", "htpasswd", "smbclient", "xfreerdp"};
    private static final String[] PLACEHOLDERS = {"your", "changeme", "change_me", "change-me", "example",
            "placeholder", "xxxx", "redacted", "dummy", "replace", "<", ">", "{{", "}}", "${", "$(", "%(", "****",
            "...", "env(", "environ", "getenv", "process.env", "secrets.", "vault:", "://"};
    private static final int MIN_ASSIGNED = 8;
    private static final int MAX_ASSIGNED = 128;

    /** Values assigned to credential keys ({@code password=...}) and given to credential flags ({@code -a '...'}). */
    private static List<Finding> assignments(String text, List<Finding> out) {
        int len = text.length();
        for (int i = 0; i < len; i++) {
            char c = text.charAt(i);
            int v;
            boolean flag;
            if (c == '=' || c == ':') {
                if (c == '=' && i > 0 && text.charAt(i - 1) == ':') {
                    continue; // ":=" is handled at its ':'
                }
                if (!credentialKey(text, i)) {
                    continue;
                }
                v = i + 1;
                if (v < len && (text.charAt(v) == '=' || text.charAt(v) == '>')) {
                    v++; // ":=" and "=>"
                }
                flag = false;
            } else if (c == '-' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                v = credentialFlag(text, i);
                if (v < 0) {
                    continue;
                }
                flag = true;
            } else {
                continue;
            }
            int[] span = value(text, v);
            if (span != null && !covered(out, span[0], span[1]) && credentialValue(text, span[0], span[1], flag)) {
                out = Findings.add(out, new Finding(ASSIGNMENT_RULE, Finding.SECRET, span[0], span[1], 0.9));
                i = span[1];
            }
        }
        return out;
    }

    /** The key before the separator at {@code sep} (quotes and spaces skipped) names a credential. */
    private static boolean credentialKey(String text, int sep) {
        int k = sep;
        while (k > 0 && (text.charAt(k - 1) == ' ' || text.charAt(k - 1) == '\t')) {
            k--;
        }
        if (k > 0 && (text.charAt(k - 1) == '"' || text.charAt(k - 1) == '\'')) {
            k--;
        }
        int ks = k;
        while (ks > 0 && keyChar(text.charAt(ks - 1))) {
            ks--;
        }
        if (ks == k) {
            return false;
        }
        for (String end : KEY_ENDS) {
            if (k - ks >= end.length() && text.regionMatches(true, k - end.length(), end, 0, end.length())) {
                return true;
            }
        }
        return false;
    }

    /** Where the value of the flag starting at {@code at} begins, or -1 when it is not a credential flag. */
    private static int credentialFlag(String text, int at) {
        int e = at;
        while (e < text.length() && (text.charAt(e) == '-' || keyChar(text.charAt(e)))) {
            e++;
        }
        for (String f : FLAGS) {
            if (e - at == f.length() && text.regionMatches(true, at, f, 0, f.length())
                    && (f.length() > 2 || passwordCommand(text, at))) {
                if (e < text.length() && (text.charAt(e) == '=' || text.charAt(e) == ' ')) {
                    return e + 1;
                }
                return -1;
            }
        }
        return -1;
    }

    /** The command line holding the flag at {@code at} runs a tool whose {@code -a} or {@code -p} takes a password. */
    private static boolean passwordCommand(String text, int at) {
        int ls = text.lastIndexOf('\n', at - 1) + 1;
        String line = text.substring(ls, at).toLowerCase(Locale.ROOT);
        for (String c : PASSWORD_COMMANDS) {
            if (line.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** The value starting at {@code v} (after spaces): quoted to its closing quote, else to the next space. */
    private static int[] value(String text, int v) {
        int len = text.length();
        while (v < len && (text.charAt(v) == ' ' || text.charAt(v) == '\t')) {
            v++;
        }
        if (v >= len) {
            return null;
        }
        char q = text.charAt(v);
        if (q == '"' || q == '\'' || q == '`') {
            int e = v + 1;
            while (e < len && text.charAt(e) != q && text.charAt(e) != '\n' && e - v <= MAX_ASSIGNED + 1) {
                e++;
            }
            return e < len && text.charAt(e) == q ? new int[] {v + 1, e} : null;
        }
        int e = v;
        while (e < len && !Character.isWhitespace(text.charAt(e)) && text.charAt(e) != '"' && text.charAt(e) != '\''
                && e - v <= MAX_ASSIGNED) {
            e++;
        }
        // A trailing comma or semicolon ends a statement or a list item.
        while (e > v && (text.charAt(e - 1) == ',' || text.charAt(e - 1) == ';')) {
            e--;
        }
        return new int[] {v, e};
    }

    /**
     * Long enough, three kinds of character (letters of both cases for a flag, whose value may be a port or a
     * path), and neither a placeholder, a path, a URL nor code ({@code getPassword()}, {@code args[1]}).
     */
    static boolean credentialValue(String text, int s, int e, boolean flag) {
        int n = e - s;
        if (n < MIN_ASSIGNED || n > MAX_ASSIGNED) {
            return false;
        }
        char first = text.charAt(s);
        if (first == '-' || first == '/' || first == '~' || first == '$' || first == '%' || first == '@'
                || (first == '.' && n > 1 && text.charAt(s + 1) == '/')) {
            return false;
        }
        String value = text.substring(s, e);
        String lower = value.toLowerCase(Locale.ROOT);
        for (String p : PLACEHOLDERS) {
            if (lower.contains(p)) {
                return false;
            }
        }
        boolean upper = false;
        boolean low = false;
        boolean digit = false;
        boolean symbol = false;
        boolean same = true;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            low |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            symbol |= !Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != '.';
            same &= c == first;
        }
        if (same || CODE.matcher(value).matches()) {
            return false;
        }
        int kinds = (upper ? 1 : 0) + (low ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        return kinds >= 3 && (!flag || (upper && low));
    }

    /** An expression, not a literal: a call or an index ({@code getenv("X")}, {@code argv[1]}). */
    private static final Pattern CODE = Pattern.compile("[A-Za-z_][\\w.]*[(\\[].*[)\\]]");

    private static boolean keyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '-';
    }

    private static boolean covered(List<Finding> out, int s, int e) {
        if (out != null) {
            for (Finding f : out) {
                if (f.start() < e && s < f.end()) {
                    return true;
                }
            }
        }
        return false;
    }

    boolean secretLike(String text, int s, int e) {
        boolean upper = false;
        boolean lower = false;
        boolean digit = false;
        boolean hexOnly = true;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            upper |= c >= 'A' && c <= 'Z';
            lower |= c >= 'a' && c <= 'z';
            digit |= c >= '0' && c <= '9';
            hexOnly &= (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '-';
        }
        if (hexOnly) {
            // A digest or a UUID: a secret only when a key word says so ("api_key=9f86d0...").
            if (UUID.matcher(text).region(s, e).matches() || e - s < 32) {
                return false;
            }
            return digit && cue(text, s, KEY_CUES) && !cue(text, s, new String[] {"commit", "sha", "hash", "digest",
                    "checksum", "md5", "revision"});
        }
        if (!(upper && lower && digit)) {
            return false;
        }
        if (shannon(text, s, e) < MIN_ENTROPY || wordy(text, s, e) || decodesToText(text, s, e)) {
            return false;
        }
        return true;
    }

    private static boolean cue(String text, int s, String[] cues) {
        String before = text.substring(Math.max(0, s - 40), s).toLowerCase(Locale.ROOT);
        for (String c : cues) {
            if (before.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Identifiers ({@code getUserAccountBalance2024}) are made of words: more than half the letters in humps of four
     * or more letters that have a vowel. Random keys rarely have even one such hump.
     */
    static boolean wordy(String text, int s, int e) {
        int letters = 0;
        int inWords = 0;
        int i = s;
        while (i < e) {
            char c = text.charAt(i);
            if (!Character.isLetter(c)) {
                i++;
                continue;
            }
            int hs = i;
            i++;
            while (i < e && Character.isLowerCase(text.charAt(i))) {
                i++;
            }
            int n = i - hs;
            letters += n;
            if (n >= 4 && vowels(text, hs, i) * 4 >= n) {
                inWords += n;
            }
        }
        return letters > 0 && inWords * 2 > letters;
    }

    private static int vowels(String text, int s, int e) {
        int v = 0;
        for (int i = s; i < e; i++) {
            switch (Character.toLowerCase(text.charAt(i))) {
                case 'a', 'e', 'i', 'o', 'u', 'y' -> v++;
                default -> {
                }
            }
        }
        return v;
    }

    /** Base64 of ordinary text is an encoded message (the injection guard reads those), not a key. */
    static boolean decodesToText(String text, int s, int e) {
        if ((e - s) % 4 != 0) {
            return false;
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(text.substring(s, e));
        } catch (IllegalArgumentException ex) {
            return false;
        }
        int printable = 0;
        for (byte b : raw) {
            if ((b >= 32 && b < 127) || b == '\n' || b == '\t') {
                printable++;
            }
        }
        return raw.length > 0 && printable == raw.length;
    }

    static double shannon(String text, int s, int e) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = s; i < e; i++) {
            char c = text.charAt(i);
            if (c < 128) {
                counts[c]++;
            } else {
                other++;
            }
        }
        double n = e - s;
        double h = 0;
        for (int c : counts) {
            if (c > 0) {
                double p = c / n;
                h -= p * (Math.log(p) / Math.log(2));
            }
        }
        if (other > 0) {
            double p = other / n;
            h -= p * (Math.log(p) / Math.log(2));
        }
        return h;
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/'
                || c == '=' || c == '_' || c == '-';
    }

    private static boolean wordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
