package dev.switchboard.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What the command palette (Ctrl+K) offers and how typing narrows it, free of JavaFX: every word typed must
 * appear in an entry's label or keywords; entries whose label starts with the text come first, then those with a
 * word starting with it, then the rest, each group in the order given (tabs, actions, breakers, users).
 */
public final class PaletteIndex {
    /** Entries shown at once. */
    public static final int SHOWN = 12;

    /**
     * One thing the palette can do.
     *
     * @param label    what the operator reads ("Costs", "Breaker of gpt-4o", "Spend of alice")
     * @param hint     the shortcut or what happens, shown dimmed beside it
     * @param tab      the tab it opens ({@link MainController#TABS}), or null for an action
     * @param subject  the model or user it shows in that tab, or null
     * @param action   for an action, its name ({@code open-workload}, {@code start-replay}, {@code run-report},
     *                 {@code quit}); else null
     * @param keywords more words it answers to ("tab", "breaker", "spend")
     */
    public record Entry(String label, String hint, String tab, String subject, String action, String keywords) {
        String haystack() {
            return (label + " " + keywords).toLowerCase(Locale.ROOT);
        }
    }

    private final List<Entry> entries;

    public PaletteIndex(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entries matching {@code typed}, best first, at most {@link #SHOWN}; all (the first of them) when blank. */
    public List<Entry> match(String typed) {
        String q = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
        if (q.isEmpty()) {
            return entries.subList(0, Math.min(SHOWN, entries.size()));
        }
        String[] words = q.split("\\s+");
        List<Entry> hits = new ArrayList<>();
        for (Entry e : entries) {
            String h = e.haystack();
            boolean all = true;
            for (String w : words) {
                if (!h.contains(w)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                hits.add(e);
            }
        }
        // A stable sort: within a rank, the order given.
        hits.sort(Comparator.comparingInt(e -> rank(e, q)));
        return hits.subList(0, Math.min(SHOWN, hits.size()));
    }

    private static int rank(Entry e, String q) {
        String label = e.label().toLowerCase(Locale.ROOT);
        if (label.startsWith(q)) {
            return 0;
        }
        for (String w : label.split("[\\s·:]+")) {
            if (w.startsWith(q)) {
                return 1;
            }
        }
        return 2;
    }
}
