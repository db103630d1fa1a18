package dev.switchboard.workload;

/**
 * One line of a workload file (format: shared data README): a request to send {@code atMs} after the start,
 * and the {@code intent} it expresses, which only the replay harness reads (to spot false hits).
 *
 * @param lineNumber where it came from, 1-based, for messages
 */
public record WorkloadEntry(int lineNumber, long atMs, String user, String plan, String namespace, String model,
                            String system, String prompt, Double temperature, Integer maxTokens, String intent) {
}
