package dev.switchboard.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas shipped for structured-output workloads ({@code /dev/switchboard/workload/schemas/NAME.json}):
 * a product extraction, a sentiment classification, a contact record, an invoice with line items.
 */
public final class WorkloadSchemas {
    /** A prompt (with {@code %s} for the intent's subject) and the schema its answer follows. */
    public record Task(String schema, String prompt) {
    }

    public static final List<Task> TASKS = List.of(
            new Task("product", "Extract the product from this listing: a book about %s, as JSON."),
            new Task("sentiment", "Classify the sentiment of this review: \"I have mixed feelings about %s.\""),
            new Task("contact", "Extract the contact details of the speaker at the %s meetup."),
            new Task("invoice", "Extract the invoice for the %s consulting work, with its line items."));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();

    private WorkloadSchemas() {
    }

    /** The schema shipped under {@code name}. */
    public static JsonNode schema(String name) {
        return CACHE.computeIfAbsent(name, n -> {
            try (InputStream in = WorkloadSchemas.class.getResourceAsStream("schemas/" + n + ".json")) {
                if (in == null) {
                    throw new IllegalArgumentException("no shipped schema '" + n + "'; known: "
                            + TASKS.stream().map(Task::schema).toList());
                }
                return JSON.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** OpenAI's {@code response_format} asking for {@code name}'s schema, strictly. */
    public static ObjectNode responseFormat(String name) {
        ObjectNode rf = JSON.createObjectNode().put("type", "json_schema");
        rf.putObject("json_schema").put("name", name).put("strict", true).set("schema", schema(name).deepCopy());
        return rf;
    }
}
