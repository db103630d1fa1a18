/**
 * Workload files: JSON Lines of timed requests with the intent each expresses, read by
 * {@link dev.switchboard.workload.WorkloadReader} for the replay harness and made by
 * {@link dev.switchboard.workload.WorkloadGenerator}; a line may carry a {@code response_format} (structured output,
 * checked as the engine checks it), the generator's drawn from the shipped {@link dev.switchboard.workload.WorkloadSchemas};
 * and earlier {@code turns}, the conversation before the prompt, as the engine's recording writes them.
 */
package dev.switchboard.workload;
