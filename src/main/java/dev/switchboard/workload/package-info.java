/**
 * Workload files: JSON Lines of timed requests with the intent each expresses, read by
 * {@link dev.switchboard.workload.WorkloadReader} for the replay harness (and, later, written by the generator).
 */
package dev.switchboard.workload;
