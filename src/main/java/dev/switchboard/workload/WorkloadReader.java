package dev.switchboard.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.error.Echo;
import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.TaskClass;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads JSON Lines workloads. Unknown fields are ignored (newer generators may add some); a malformed line (bad
 * JSON, a bad field, bytes that are not UTF-8) is reported with its number and reason and skipped, never ending the
 * read. A reason quotes the line's values by a short prefix only ({@link Echo}).
 */
public final class WorkloadReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkloadReader() {
    }

    public static Workload read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads UTF-8 bytes line by line, so a line that is not valid UTF-8 is skipped like any malformed line
     * rather than ending the read. A byte order mark at the start is allowed.
     */
    public static Workload read(InputStream in, String source) throws IOException {
        Lines lines = new Lines(source);
        ByteLines bytes = new ByteLines(in);
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        for (int lineNo = 1; bytes.next(); lineNo++) {
            int from = lineNo == 1 && bytes.startsWithBom() ? 3 : 0;
            ByteBuffer line = ByteBuffer.wrap(bytes.buffer(), from, bytes.length() - from);
            CharBuffer chars = CharBuffer.allocate(line.remaining());
            utf8.reset();
            CoderResult r = utf8.decode(line, chars, true);
            if (!r.isError()) {
                r = utf8.flush(chars);
            }
            if (r.isError()) {
                int at = line.position();
                lines.problem(lineNo, String.format(Locale.ROOT, "not valid UTF-8: byte 0x%02X at byte %d of the line",
                        bytes.buffer()[at] & 0xff, at + 1));
                continue;
            }
            lines.line(lineNo, chars.flip().toString());
        }
        return lines.workload();
    }

    public static Workload read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        Lines lines = new Lines(source);
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            lines.line(lineNo, lineNo == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line);
        }
        return lines.workload();
    }

    /** The entries and problems so far; each line's missing {@code at_ms} is the one before it. */
    private static final class Lines {
        private final String source;
        private final List<WorkloadEntry> entries = new ArrayList<>();
        private final List<WorkloadProblem> problems = new ArrayList<>();
        private long lastAt;

        Lines(String source) {
            this.source = source;
        }

        void line(int lineNo, String line) {
            if (line.isBlank()) {
                return;
            }
            try {
                WorkloadEntry e = parse(line, lineNo, lastAt);
                lastAt = e.atMs();
                entries.add(e);
            } catch (BadLine bad) {
                problem(lineNo, bad.getMessage());
            }
        }

        void problem(int lineNo, String reason) {
            problems.add(new WorkloadProblem(lineNo, reason));
        }

        Workload workload() {
            return new Workload(source, entries, problems);
        }
    }

    /** Splits a byte stream into lines at LF, CR LF or CR, as {@link BufferedReader#readLine()} does. */
    private static final class ByteLines {
        private final InputStream in;
        private final byte[] chunk = new byte[1 << 16];
        private int pos;
        private int end;
        private byte[] line = new byte[1 << 10];
        private int length;
        private boolean skipLf;

        ByteLines(InputStream in) {
            this.in = in;
        }

        /** Reads the next line into {@link #buffer()}; false at the end of the stream. */
        boolean next() throws IOException {
            length = 0;
            boolean any = false;
            while (true) {
                if (pos == end) {
                    end = in.read(chunk);
                    pos = 0;
                    if (end <= 0) {
                        end = 0;
                        return any;
                    }
                }
                byte b = chunk[pos++];
                if (skipLf) {
                    skipLf = false;
                    if (b == '\n') {
                        continue;
                    }
                }
                any = true;
                if (b == '\n') {
                    return true;
                }
                if (b == '\r') {
                    skipLf = true;
                    return true;
                }
                if (length == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[length++] = b;
            }
        }

        byte[] buffer() {
            return line;
        }

        int length() {
            return length;
        }

        boolean startsWithBom() {
            return length >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
        }
    }

    /** A line's fault; stays inside this class. */
    private static final class BadLine extends Exception {
        BadLine(String message) {
            super(message, null, false, false);
        }
    }

    private static WorkloadEntry parse(String line, int lineNo, long lastAt) throws BadLine {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new BadLine("not valid JSON: " + Echo.of(e.getOriginalMessage(), 200));
        }
        if (n == null || !n.isObject()) {
            throw new BadLine("expected a JSON object");
        }
        String prompt = text(n, "prompt", true);
        String model = text(n, "model", true);
        Long at = integer(n, "at_ms");
        if (at != null && at < 0) {
            throw new BadLine("at_ms: must not be negative, got " + at);
        }
        Long maxTokens = integer(n, "max_tokens");
        if (maxTokens != null && (maxTokens < 1 || maxTokens > Integer.MAX_VALUE)) {
            throw new BadLine("max_tokens: must be a positive whole number, got " + maxTokens);
        }
        return new WorkloadEntry(lineNo, at == null ? lastAt : at, text(n, "user", false), text(n, "plan", false),
                text(n, "namespace", false), model, text(n, "system", false), prompt, number(n, "temperature"),
                maxTokens == null ? null : maxTokens.intValue(), text(n, "intent", false), responseFormat(n),
                label(n, "task", TaskClass::parse), label(n, "complexity", Complexity::parse), turns(n));
    }

    /** Optional {@code turns}: the messages before the prompt, each {@code {"role", "content"}}. */
    private static List<dev.switchboard.engine.request.Message> turns(JsonNode n) throws BadLine {
        JsonNode v = n.get("turns");
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new BadLine("turns: must be a list of {role, content}, got " + Echo.of(v.toString()));
        }
        List<dev.switchboard.engine.request.Message> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode t = v.get(i);
            if (!t.isObject()) {
                throw new BadLine("turns[" + i + "]: must be an object {role, content}, got " + Echo.of(t.toString()));
            }
            String role;
            String content;
            try {
                role = text(t, "role", true);
                content = text(t, "content", false);
            } catch (BadLine bad) {
                throw new BadLine("turns[" + i + "]." + bad.getMessage());
            }
            if (!TURN_ROLES.contains(role)) {
                throw new BadLine("turns[" + i + "].role: must be one of " + TURN_ROLES + ", got " + Echo.of(role, 40));
            }
            out.add(new dev.switchboard.engine.request.Message(role, content));
        }
        return out;
    }

    private static final List<String> TURN_ROLES = List.of("system", "developer", "user", "assistant", "tool");

    /** An optional label spelled by its wire name; a bad one is the line's fault, with the valid names. */
    private static <T> T label(JsonNode n, String field, java.util.function.Function<String, T> parse) throws BadLine {
        String v = text(n, field, false);
        if (v == null) {
            return null;
        }
        // No name is 40 characters long: a longer value fails either way, so the message quotes only its prefix.
        String quoted = v.strip().length() > 40 ? Echo.of(v, 40) : v;
        try {
            return parse.apply(quoted);
        } catch (IllegalArgumentException e) {
            throw new BadLine(field + ": " + e.getMessage());
        }
    }

    /** OpenAI's response_format, checked as the engine checks it (a bad schema is the line's fault). */
    private static JsonNode responseFormat(JsonNode n) throws BadLine {
        JsonNode v = n.get("response_format");
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            Expectation.fromResponseFormat(v);
        } catch (InvalidRequestException e) {
            throw new BadLine(e.field() + ": " + Echo.of(e.reason(), 200));
        }
        return v;
    }

    private static String text(JsonNode n, String field, boolean required) throws BadLine {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadLine(field + ": is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new BadLine(field + ": must be a string, got " + Echo.of(v.toString()));
        }
        if (required && v.asText().isEmpty()) {
            throw new BadLine(field + ": must not be empty");
        }
        return v.asText();
    }

    private static Double number(JsonNode n, String field) throws BadLine {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new BadLine(field + ": must be a number, got " + Echo.of(v.toString()));
        }
        return v.doubleValue();
    }

    private static Long integer(JsonNode n, String field) throws BadLine {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw new BadLine(field + ": must be a whole number, got " + Echo.of(v.toString()));
        }
        return v.longValue();
    }
}
