package dev.switchboard.workload;

import java.util.List;

/** A parsed workload: the usable entries in file order, and the lines that were skipped with the reason. */
public record Workload(String source, List<WorkloadEntry> entries, List<WorkloadProblem> problems) {
    public Workload {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }

    /**
     * The entry sent last on the timeline: the largest {@code at_ms} (the first such line); null when empty. A timed
     * replay measures its span from the first entry to this one.
     */
    public WorkloadEntry latest() {
        WorkloadEntry latest = null;
        for (WorkloadEntry e : entries) {
            if (latest == null || e.atMs() > latest.atMs()) {
                latest = e;
            }
        }
        return latest;
    }

    /** Milliseconds from the first entry to {@link #latest()}: how long a replay at speed 1 takes to send it all. */
    public long spanMs() {
        return entries.isEmpty() ? 0 : Math.max(0, latest().atMs() - entries.get(0).atMs());
    }
}
