package dev.switchboard.replay.semantic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labelled prompt pairs, one JSON object a line: {@code {"a": "...", "b": "...", "duplicate": true}}. A line that is
 * not such an object is skipped and described (line number and field), and the rest still count.
 */
public record Pairs(List<Pair> pairs, List<String> problems) {
    public record Pair(int line, String a, String b, boolean duplicate) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Pairs read(Path file) throws IOException {
        List<Pair> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String why = null;
                JsonNode node = null;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    why = "not valid JSON";
                }
                if (why == null && (node == null || !node.isObject())) {
                    why = "not a JSON object";
                }
                if (why == null) {
                    why = text(node, "a");
                }
                if (why == null) {
                    why = text(node, "b");
                }
                if (why == null && !node.path("duplicate").isBoolean()) {
                    why = node.has("duplicate") ? "field 'duplicate' must be true or false"
                            : "field 'duplicate' is missing";
                }
                if (why != null) {
                    problems.add("line " + n + ": " + why);
                    continue;
                }
                out.add(new Pair(n, node.get("a").asText(), node.get("b").asText(), node.get("duplicate").asBoolean()));
            }
        }
        return new Pairs(List.copyOf(out), List.copyOf(problems));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "field '" + field + "' is missing";
        }
        if (!v.isTextual()) {
            return "field '" + field + "' must be a string";
        }
        if (v.asText().isBlank()) {
            return "field '" + field + "' is empty";
        }
        return null;
    }
}
