package dev.switchboard.replay.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The guards' labelled texts, one JSON object a line: {@code {"text": "...", "pii": ["email", ...], "injection":
 * false, "lookalike": false}}. A line that is not such an object is skipped and described (line number and field),
 * and the rest still count. Problems never quote the text: it holds personal data by design.
 */
public record LabelledTexts(List<Labelled> texts, List<String> problems) {
    /** One text and what it contains; {@code pii} also holds {@code secret}. */
    public record Labelled(int line, String text, Set<String> pii, boolean injection, boolean lookalike) {
    }

    /** The types a {@code pii} list may name. */
    public static final List<String> TYPES = List.of("email", "phone", "card", "iban", "ssn", "ip", "secret");

    private static final ObjectMapper JSON = new ObjectMapper();

    public static LabelledTexts read(Path file) throws IOException {
        List<Labelled> out = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    problems.add("line " + n + ": not valid JSON");
                    continue;
                }
                String why = check(node);
                if (why != null) {
                    problems.add("line " + n + ": " + why);
                    continue;
                }
                Set<String> pii = new LinkedHashSet<>();
                node.get("pii").forEach(t -> pii.add(t.asText()));
                out.add(new Labelled(n, node.get("text").asText(), Set.copyOf(pii),
                        node.path("injection").asBoolean(false), node.path("lookalike").asBoolean(false)));
            }
        }
        return new LabelledTexts(List.copyOf(out), List.copyOf(problems));
    }

    private static String check(JsonNode node) {
        if (node == null || !node.isObject()) {
            return "not a JSON object";
        }
        JsonNode text = node.get("text");
        if (text == null || text.isNull()) {
            return "field 'text' is missing";
        }
        if (!text.isTextual()) {
            return "field 'text' must be a string";
        }
        JsonNode pii = node.get("pii");
        if (pii == null || pii.isNull()) {
            return "field 'pii' is missing";
        }
        if (!pii.isArray()) {
            return "field 'pii' must be a list of types";
        }
        for (int i = 0; i < pii.size(); i++) {
            if (!pii.get(i).isTextual() || !TYPES.contains(pii.get(i).asText())) {
                return "field 'pii' item " + i + " must be one of " + String.join(", ", TYPES);
            }
        }
        for (String f : List.of("injection", "lookalike")) {
            if (node.has(f) && !node.get(f).isBoolean()) {
                return "field '" + f + "' must be true or false";
            }
        }
        return null;
    }
}
