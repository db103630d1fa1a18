package dev.switchboard.workload;

import java.util.List;

/** A parsed workload: the usable entries in file order, and the lines that were skipped with the reason. */
public record Workload(String source, List<WorkloadEntry> entries, List<WorkloadProblem> problems) {
    public Workload {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }
}
