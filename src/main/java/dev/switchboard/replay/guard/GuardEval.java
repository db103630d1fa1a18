package dev.switchboard.replay.guard;

import dev.switchboard.engine.guard.detect.Finding;
import dev.switchboard.engine.guard.policy.GuardPolicy;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The input guards measured on labelled texts, per text and type: a type found in a text labelled with it is a
 * true positive, found in a text not labelled with it a false positive, labelled and not found a false negative.
 * Injection the same, plus true negatives and the share of benign look-alikes flagged.
 */
public final class GuardEval {
    private GuardEval() {
    }

    /** Counts for one type; precision and recall are 1 when there is nothing to be wrong about. */
    public record Counts(long tp, long fp, long fn, long tn) {
        public double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }
    }

    /**
     * @param pii                per type of {@link LabelledTexts#TYPES}
     * @param lookalikes         benign look-alikes in the set
     * @param lookalikesFlagged  of those, how many were found to be injections
     * @param misses             line numbers of texts with any fp or fn, per type (for tuning; no text)
     */
    public record Result(int texts, Map<String, Counts> pii, Counts injection, long lookalikes,
                         long lookalikesFlagged, Map<String, List<Integer>> misses) {
        public double lookalikesBlocked() {
            return lookalikes == 0 ? 0 : (double) lookalikesFlagged / lookalikes;
        }
    }

    public static Result evaluate(List<LabelledTexts.Labelled> texts, GuardPolicy policy) {
        Map<String, long[]> c = new LinkedHashMap<>();
        Map<String, List<Integer>> misses = new LinkedHashMap<>();
        for (String t : LabelledTexts.TYPES) {
            c.put(t, new long[4]);
            misses.put(t, new java.util.ArrayList<>());
        }
        long[] inj = new long[4];
        misses.put("injection", new java.util.ArrayList<>());
        long lookalikes = 0;
        long lookFlagged = 0;
        for (LabelledTexts.Labelled l : texts) {
            Set<String> found = new HashSet<>();
            boolean injection = false;
            for (Finding f : policy.scan(l.text())) {
                if (f.type().equals(Finding.INJECTION)) {
                    injection = true;
                } else {
                    found.add(f.type());
                }
            }
            for (String t : LabelledTexts.TYPES) {
                boolean has = l.pii().contains(t);
                boolean got = found.contains(t);
                long[] k = c.get(t);
                k[has ? (got ? 0 : 2) : (got ? 1 : 3)]++;
                if (has != got) {
                    misses.get(t).add(l.line());
                }
            }
            inj[l.injection() ? (injection ? 0 : 2) : (injection ? 1 : 3)]++;
            if (l.injection() != injection) {
                misses.get("injection").add(l.line());
            }
            if (l.lookalike() && !l.injection()) {
                lookalikes++;
                if (injection) {
                    lookFlagged++;
                }
            }
        }
        Map<String, Counts> pii = new LinkedHashMap<>();
        c.forEach((t, k) -> pii.put(t, new Counts(k[0], k[1], k[2], k[3])));
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        misses.forEach((t, v) -> m.put(t, List.copyOf(v)));
        return new Result(texts.size(), pii, new Counts(inj[0], inj[1], inj[2], inj[3]), lookalikes, lookFlagged, m);
    }
}
