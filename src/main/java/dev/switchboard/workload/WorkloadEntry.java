package dev.switchboard.workload;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.route.TaskClass;
import java.util.List;

/**
 * One line of a workload file (format: shared data README): a request to send {@code atMs} after the start,
 * and the {@code intent} it expresses, which only the replay harness reads (to spot false hits).
 *
 * @param lineNumber     where it came from, 1-based, for messages
 * @param responseFormat OpenAI's {@code response_format} (structured output), or null for free text
 * @param task           the task class the prompt was written as (a label for scoring routing), or null
 * @param complexity     its complexity label, or null
 * @param turns          the conversation before {@code prompt} (role and text, oldest first): a recording's earlier
 *                       turns, sent before the prompt; empty for a single-turn request
 */
public record WorkloadEntry(int lineNumber, long atMs, String user, String plan, String namespace, String model,
                            String system, String prompt, Double temperature, Integer maxTokens, String intent,
                            JsonNode responseFormat, TaskClass task, Complexity complexity, List<Message> turns) {
    public WorkloadEntry {
        turns = turns == null ? List.of() : List.copyOf(turns);
    }

    public WorkloadEntry(int lineNumber, long atMs, String user, String plan, String namespace, String model,
                         String system, String prompt, Double temperature, Integer maxTokens, String intent,
                         JsonNode responseFormat, TaskClass task, Complexity complexity) {
        this(lineNumber, atMs, user, plan, namespace, model, system, prompt, temperature, maxTokens, intent,
                responseFormat, task, complexity, List.of());
    }

    public WorkloadEntry(int lineNumber, long atMs, String user, String plan, String namespace, String model,
                         String system, String prompt, Double temperature, Integer maxTokens, String intent) {
        this(lineNumber, atMs, user, plan, namespace, model, system, prompt, temperature, maxTokens, intent, null);
    }

    public WorkloadEntry(int lineNumber, long atMs, String user, String plan, String namespace, String model,
                         String system, String prompt, Double temperature, Integer maxTokens, String intent,
                         JsonNode responseFormat) {
        this(lineNumber, atMs, user, plan, namespace, model, system, prompt, temperature, maxTokens, intent,
                responseFormat, null, null);
    }
}
