package dev.switchboard.engine.guard.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Helpers shared by the detectors: a list made only on the first finding, and overlap resolution. */
public final class Findings {
    private static final Comparator<Finding> BY_START = Comparator.comparingInt(Finding::start)
            .thenComparing(Comparator.comparingInt(Finding::end).reversed());

    private Findings() {
    }

    /** Adds {@code f} to {@code list}, making the list on the first finding so a clean text allocates nothing. */
    public static List<Finding> add(List<Finding> list, Finding f) {
        List<Finding> out = list == null || list.isEmpty() ? new ArrayList<>(4) : list;
        out.add(f);
        return out;
    }

    public static List<Finding> orEmpty(List<Finding> list) {
        return list == null ? List.of() : list;
    }

    /** Appends all of {@code more} to {@code list} (made on demand). */
    public static List<Finding> addAll(List<Finding> list, List<Finding> more) {
        if (more.isEmpty()) {
            return list;
        }
        List<Finding> out = list == null || list.isEmpty() ? new ArrayList<>(more.size() + 2) : list;
        out.addAll(more);
        return out;
    }

    /**
     * Where findings overlap, keeps the one whose type comes first in {@code priority} (then the longer one), so a
     * card's digits are not also a phone number and an e-mail address's digits not an IP; sorted by start.
     */
    public static List<Finding> resolveOverlaps(List<Finding> found, List<String> priority) {
        if (found == null || found.isEmpty()) {
            return List.of();
        }
        if (found.size() == 1) {
            return found;
        }
        List<Finding> ranked = new ArrayList<>(found);
        ranked.sort(Comparator.<Finding>comparingInt(f -> rank(priority, f.type()))
                .thenComparing(Comparator.comparingInt(Finding::length).reversed())
                .thenComparingInt(Finding::start));
        List<Finding> kept = new ArrayList<>(ranked.size());
        for (Finding f : ranked) {
            boolean clash = false;
            for (Finding k : kept) {
                if (k.overlaps(f)) {
                    clash = true;
                    break;
                }
            }
            if (!clash) {
                kept.add(f);
            }
        }
        kept.sort(BY_START);
        return kept;
    }

    private static int rank(List<String> priority, String type) {
        int i = priority.indexOf(type);
        return i < 0 ? priority.size() : i;
    }

    /** Sorts by start (then the longer first). */
    public static List<Finding> sorted(List<Finding> list) {
        if (list != null && list.size() > 1) {
            list.sort(BY_START);
        }
        return orEmpty(list);
    }
}
