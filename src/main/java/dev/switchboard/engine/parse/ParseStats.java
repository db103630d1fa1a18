package dev.switchboard.engine.parse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The parser's counters: lock-free on the request path (adders and HdrHistogram recorders). {@link #snapshot()}
 * folds each recorder's interval into a running histogram under a small lock of its own; it does no I/O.
 * Expectation names come from callers' schemas, so only the first {@value #MAX_NAMES} get rows of their own, the
 * rest count under {@value #OTHER}.
 */
public final class ParseStats {
    static final int MAX_NAMES = 256;
    static final String OTHER = "(other)";
    private static final long MAX_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Map<Strategy, StrategyCounters> strategies = new EnumMap<>(Strategy.class);
    private final ConcurrentHashMap<String, ExpectationCounters> expectations = new ConcurrentHashMap<>();

    public ParseStats() {
        for (Strategy s : Strategy.values()) {
            strategies.put(s, new StrategyCounters());
        }
    }

    private static final class StrategyCounters {
        final LongAdder attempts = new LongAdder();
        final LongAdder successes = new LongAdder();
        final LongAdder failures = new LongAdder();
        final Recorder recorder = new Recorder(MAX_NANOS, 2);
        final Histogram total = new Histogram(MAX_NANOS, 2);
        private Histogram interval;

        synchronized double[] percentiles() {
            interval = recorder.getIntervalHistogram(interval);
            total.add(interval);
            if (total.getTotalCount() == 0) {
                return new double[] {0, 0};
            }
            return new double[] {total.getValueAtPercentile(50) / 1000.0, total.getValueAtPercentile(99) / 1000.0};
        }
    }

    private static final class ExpectationCounters {
        final LongAdder answers = new LongAdder();
        final LongAdder parsed = new LongAdder();
        final LongAdder failed = new LongAdder();
        final LongAdder reprompts = new LongAdder();
        final LongAdder repromptCost = new LongAdder();
        final LongAdder raw = new LongAdder();
    }

    /**
     * One answer through the chain: each failed strategy counts an attempt and a failure, the winner an attempt, a
     * success and the chain's time {@code nanos} (the overhead up to and including it).
     */
    public void record(String expectation, Parsed p, long nanos) {
        for (Attempt a : p.failures()) {
            StrategyCounters c = strategies.get(a.strategy());
            c.attempts.increment();
            c.failures.increment();
        }
        ExpectationCounters e = of(expectation);
        e.answers.increment();
        if (p.ok()) {
            StrategyCounters c = strategies.get(p.strategy());
            c.attempts.increment();
            c.successes.increment();
            c.recorder.recordValue(Math.max(0, Math.min(nanos, MAX_NANOS)));
            e.parsed.increment();
        }
    }

    /** A follow-up went back to the model for {@code expectation}, costing {@code costMicros}. */
    public void reprompted(String expectation, long costMicros) {
        ExpectationCounters e = of(expectation);
        e.reprompts.increment();
        e.repromptCost.add(costMicros);
        StrategyCounters c = strategies.get(Strategy.REPROMPT);
        c.attempts.increment();
    }

    /** The request gave up: no strategy (re-prompts included) produced the value. */
    public void failed(String expectation) {
        of(expectation).failed.increment();
        strategies.get(Strategy.REPROMPT).failures.increment();
    }

    /** A failure was answered with the raw text, as the namespace allows; it also counts as failed. */
    public void rawReturned(String expectation) {
        ExpectationCounters e = of(expectation);
        e.raw.increment();
        failed(expectation);
    }

    /** A re-prompt's answer parsed: the re-prompt strategy succeeded. */
    public void repromptParsed() {
        strategies.get(Strategy.REPROMPT).successes.increment();
    }

    private ExpectationCounters of(String name) {
        ExpectationCounters c = expectations.get(name);
        if (c != null) {
            return c;
        }
        if (expectations.size() >= MAX_NAMES) {
            return expectations.computeIfAbsent(OTHER, k -> new ExpectationCounters());
        }
        return expectations.computeIfAbsent(name, k -> new ExpectationCounters());
    }

    public ParseSnapshot snapshot() {
        List<ParseSnapshot.StrategyRow> rows = new ArrayList<>(strategies.size());
        for (Map.Entry<Strategy, StrategyCounters> e : strategies.entrySet()) {
            StrategyCounters c = e.getValue();
            double[] p = c.percentiles();
            rows.add(new ParseSnapshot.StrategyRow(e.getKey().id(), c.attempts.sum(), c.successes.sum(),
                    c.failures.sum(), p[0], p[1]));
        }
        List<ParseSnapshot.ExpectationRow> exp = new ArrayList<>(expectations.size());
        long answers = 0;
        long parsed = 0;
        long reprompts = 0;
        long failed = 0;
        long cost = 0;
        for (Map.Entry<String, ExpectationCounters> e : expectations.entrySet()) {
            ExpectationCounters c = e.getValue();
            ParseSnapshot.ExpectationRow r = new ParseSnapshot.ExpectationRow(e.getKey(), c.answers.sum(),
                    c.parsed.sum(), c.failed.sum(), c.reprompts.sum(), c.repromptCost.sum(), c.raw.sum());
            exp.add(r);
            answers += r.answers();
            parsed += r.parsed();
            reprompts += r.reprompts();
            failed += r.failed();
            cost += r.repromptCostMicros();
        }
        exp.sort(Comparator.comparingLong(ParseSnapshot.ExpectationRow::answers).reversed()
                .thenComparing(ParseSnapshot.ExpectationRow::name));
        return new ParseSnapshot(rows, exp, answers, parsed, reprompts, failed, cost);
    }
}
