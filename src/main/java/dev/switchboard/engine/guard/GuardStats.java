package dev.switchboard.engine.guard;

import dev.switchboard.engine.guard.policy.GuardMode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The guards' counters: lock-free for the request path (LongAdders, an HdrHistogram {@link Recorder}); the
 * snapshot folds the recorder's interval into a cumulative histogram under the only lock, taken by readers.
 */
public final class GuardStats {
    private final LongAdder checks = new LongAdder();
    private final LongAdder blocked = new LongAdder();
    private final LongAdder redacted = new LongAdder();
    private final LongAdder flagged = new LongAdder();
    private final ConcurrentHashMap<String, LongAdder[]> byRule = new ConcurrentHashMap<>();
    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private Histogram interval;

    /** One text checked, in {@code nanos}. */
    public void checked(long nanos) {
        checks.increment();
        recorder.recordValue(Math.max(1, nanos));
    }

    /** A guard acted on a finding of {@code rule} in {@code mode} (OFF is never recorded). */
    public void acted(String rule, GuardMode mode) {
        int slot;
        switch (mode) {
            case BLOCK -> {
                blocked.increment();
                slot = 0;
            }
            case REDACT -> {
                redacted.increment();
                slot = 1;
            }
            case FLAG -> {
                flagged.increment();
                slot = 2;
            }
            default -> {
                return;
            }
        }
        byRule.computeIfAbsent(rule, r -> new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()})
                [slot].increment();
    }

    public synchronized GuardSnapshot snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        Map<String, GuardSnapshot.RuleCounts> rules = new TreeMap<>();
        byRule.forEach((rule, c) -> rules.put(rule, new GuardSnapshot.RuleCounts(c[0].sum(), c[1].sum(),
                c[2].sum())));
        boolean any = total.getTotalCount() > 0;
        return new GuardSnapshot(checks.sum(), blocked.sum(), redacted.sum(), flagged.sum(), rules,
                any ? total.getValueAtPercentile(50) / 1000.0 : 0, any ? total.getValueAtPercentile(99) / 1000.0 : 0);
    }
}
