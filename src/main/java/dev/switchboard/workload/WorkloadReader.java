package dev.switchboard.workload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads JSON Lines workloads. Unknown fields are ignored (newer generators may add some); a malformed line is
 * reported with its number and reason and skipped, never ending the read.
 */
public final class WorkloadReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkloadReader() {
    }

    public static Workload read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    public static Workload read(Reader reader, String source) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<WorkloadEntry> entries = new ArrayList<>();
        List<WorkloadProblem> problems = new ArrayList<>();
        long lastAt = 0;
        int lineNo = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                WorkloadEntry e = parse(line, lineNo, lastAt);
                lastAt = e.atMs();
                entries.add(e);
            } catch (BadLine bad) {
                problems.add(new WorkloadProblem(lineNo, bad.getMessage()));
            }
        }
        return new Workload(source, entries, problems);
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
            throw new BadLine("not valid JSON: " + e.getOriginalMessage());
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
                maxTokens == null ? null : maxTokens.intValue(), text(n, "intent", false));
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
            throw new BadLine(field + ": must be a string, got " + v);
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
            throw new BadLine(field + ": must be a number, got " + v);
        }
        return v.doubleValue();
    }

    private static Long integer(JsonNode n, String field) throws BadLine {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isIntegralNumber() && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
            throw new BadLine(field + ": must be a whole number, got " + v);
        }
        return v.longValue();
    }
}
