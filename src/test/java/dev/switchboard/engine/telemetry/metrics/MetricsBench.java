package dev.switchboard.engine.telemetry.metrics;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.engine.telemetry.RequestListener;
import dev.switchboard.testsupport.PrometheusText;
import dev.switchboard.testsupport.TestConfigs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Not a test: what the metrics cost. (1) A scrape with MODELS models and NAMESPACES namespaces, every model seen in
 * every namespace from every tier and failing three ways (the worst realistic label spread), in wall and CPU time.
 * (2) The request listener's cost per request, one thread and two, in CPU time. (3) L1-hit throughput per CPU
 * second with no listener, an empty one and the metrics, interleaved rounds in one run. Usage: MetricsBench [MODELS=50] [NAMESPACES=10] [SCRAPES=500].
 */
public final class MetricsBench {
    public static void main(String[] args) throws Exception {
        int models = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int namespaces = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int scrapes = args.length > 2 ? Integer.parseInt(args[2]) : 500;
        StringBuilder yaml = new StringBuilder("""
                tiers:
                  l1: {enabled: true, ttl: 1h, max_bytes: 256MB}
                  l3: {enabled: false}
                namespaces:
                """);
        for (int n = 0; n < namespaces; n++) {
            yaml.append("  ns-").append(n).append(": {policy: store}\n");
        }
        yaml.append("models:\n");
        for (int m = 0; m < models; m++) {
            yaml.append("  model-").append(m).append(": {version: \"1\", input_per_1m: 0.15, output_per_1m: 0.60}\n");
        }
        yaml.append(TestConfigs.ZERO_LATENCY);
        try (Engine engine = Engine.start(TestConfigs.parse(yaml.toString()));
             EngineMetrics metrics = EngineMetrics.attach(engine)) {
            List<RequestEvent> events = spread(models, namespaces);
            RequestListener l = metrics.listener();
            events.forEach(l::onRequest);
            for (int m = 0; m < models; m++) {
                engine.submit(ChatRequest.builder().model("model-" + m).prompt("warm " + m).build());
            }
            String text = metrics.scrape();
            PrometheusText parsed = PrometheusText.parse(text);
            System.out.printf(Locale.ROOT, "scrape: %d models, %d namespaces: %,d series, %,d bytes%n", models,
                    namespaces, parsed.samples().size(), text.length());
            long[] t = new long[scrapes];
            long[] cpu = new long[scrapes];
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            for (int i = 0; i < 200; i++) {
                metrics.scrape();
            }
            for (int i = 0; i < scrapes; i++) {
                long c = mx.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                metrics.scrape();
                t[i] = System.nanoTime() - s;
                cpu[i] = mx.getCurrentThreadCpuTime() - c;
            }
            Arrays.sort(t);
            Arrays.sort(cpu);
            // CPU time too: on a shared machine the wall time also counts the other processes' turns.
            System.out.printf(Locale.ROOT, "scrape time: p50 %.2f ms, p99 %.2f ms, max %.2f ms wall; p50 %.2f ms, "
                            + "p99 %.2f ms CPU (%d scrapes)%n", t[scrapes / 2] / 1e6, t[scrapes * 99 / 100] / 1e6,
                    t[scrapes - 1] / 1e6, cpu[scrapes / 2] / 1e6, cpu[scrapes * 99 / 100] / 1e6, scrapes);

            listenerCost(l, events, 1);
            listenerCost(l, events, 2);
        }
        l1Throughput(yaml.toString());
    }

    /** Every model in every namespace (and an unknown one), from every tier and failing three ways. */
    private static List<RequestEvent> spread(int models, int namespaces) {
        List<RequestEvent> out = new ArrayList<>();
        String[] failures = {"timed_out", "upstream_unavailable", "rate_limited"};
        for (int m = 0; m < models; m++) {
            for (int n = 0; n <= namespaces; n++) {
                String ns = n == namespaces ? "someone-elses" : "ns-" + n;
                for (ServedBy by : ServedBy.values()) {
                    out.add(new RequestEvent(0, ns, "u", null, "model-" + m, "model-" + m, by, RequestEvent.OK,
                            (long) (by.ordinal() + 1) * 370_000L, 120, 40, 80, List.of()));
                }
                for (String f : failures) {
                    out.add(new RequestEvent(0, ns, "u", null, "model-" + m, null, null, f, 2_000_000_000L, 0, 0,
                            0, List.of()));
                }
            }
        }
        return out;
    }

    private static void listenerCost(RequestListener l, List<RequestEvent> events, int threads) throws Exception {
        RequestEvent[] e = events.toArray(RequestEvent[]::new);
        int per = 5_000_000;
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int round = 0; round < 2; round++) {
            Thread[] ts = new Thread[threads];
            java.util.concurrent.atomic.AtomicLong cpu = new java.util.concurrent.atomic.AtomicLong();
            long start = System.nanoTime();
            for (int k = 0; k < threads; k++) {
                int offset = k * 7919;
                ts[k] = Thread.ofPlatform().start(() -> {
                    long c = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < per; i++) {
                        l.onRequest(e[(i + offset) % e.length]);
                    }
                    cpu.addAndGet(mx.getCurrentThreadCpuTime() - c);
                });
            }
            for (Thread t : ts) {
                t.join();
            }
            long took = System.nanoTime() - start;
            if (round == 1) {
                System.out.printf(Locale.ROOT, "listener, %d thread(s): %.0f ns CPU per request (%.0f ns wall per "
                        + "request per thread; %,d requests each, over %,d label combinations)%n", threads,
                        (double) cpu.get() / (per * (long) threads), (double) took / per, per, e.length);
            }
        }
    }

    /** L1 hits per second without and with the metrics, alternating rounds so drift hits both alike. */
    private static void l1Throughput(String yaml) {
        try (Engine engine = Engine.start(TestConfigs.parse(yaml))) {
            ChatRequest hit = ChatRequest.builder().model("model-0").namespace("ns-0").prompt("the same").build();
            engine.submit(hit);
            int n = 400_000;
            double[] off = new double[5];
            double[] noop = new double[5];
            double[] on = new double[5];
            RequestListener nothing = e -> { };
            // The three set-ups take turns in a rotating order, so a drift in the run (heap, JIT) hits each alike.
            for (int round = -1; round < 5; round++) {
                for (int k = 0; k < 3; k++) {
                    int which = Math.floorMod(round + k, 3);
                    double r;
                    if (which == 0) {
                        r = rate(engine, hit, n);
                    } else if (which == 1) {
                        engine.addRequestListener(nothing);
                        r = rate(engine, hit, n);
                        engine.removeRequestListener(nothing);
                    } else {
                        EngineMetrics m = EngineMetrics.attach(engine);
                        r = rate(engine, hit, n);
                        m.close();
                    }
                    if (round >= 0) {
                        (which == 0 ? off : which == 1 ? noop : on)[round] = r;
                    }
                }
            }
            Arrays.sort(off);
            Arrays.sort(noop);
            Arrays.sort(on);
            System.out.printf(Locale.ROOT, "L1 hits, one thread, per CPU second (median of 5 rounds): %,.0f/s with no listener, "
                    + "%,.0f/s with a listener that does nothing (%.1f%% slower: the engine's event), %,.0f/s with "
                    + "the metrics (%.1f%% slower than none, %.1f%% than the empty listener)%n", off[2], noop[2],
                    100 * (1 - noop[2] / off[2]), on[2], 100 * (1 - on[2] / off[2]), 100 * (1 - on[2] / noop[2]));
        }
    }

    /** Hits per second of this thread's CPU time (the wall clock on a shared machine also counts others' turns). */
    private static double rate(Engine engine, ChatRequest r, int n) {
        var mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long s = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            engine.submit(r);
        }
        return n / ((mx.getCurrentThreadCpuTime() - s) / 1e9);
    }
}
