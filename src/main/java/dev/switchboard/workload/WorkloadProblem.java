package dev.switchboard.workload;

/** A line that could not be used, and why; the run goes on without it. */
public record WorkloadProblem(int lineNumber, String reason) {
    @Override
    public String toString() {
        return "line " + lineNumber + ": " + reason;
    }
}
