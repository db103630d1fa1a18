package dev.switchboard.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.workload.GeneratorSpec;
import dev.switchboard.workload.Workload;
import dev.switchboard.workload.WorkloadGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What-if: two sandboxed engines on one workload. A draft that changes a TTL or a namespace's policy changes the hit
 * rate; the current side's counts are a plain replay's; nothing reaches a provider, the live tiers or the ledger; a
 * cancel stops it.
 */
class WhatIfTest {
    @TempDir
    Path home;

    private static final String MODELS = """
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.60}
              gpt-4o: {version: "2024-08-06", input_per_1m: 2.50, output_per_1m: 10.00}
            """;

    private SwitchboardConfig config(String yaml) {
        return new ConfigLoader(Map.of("SWITCHBOARD_HOME", home.toString(), "UP_KEY", "sk-test-not-a-real-key",
                "CLAUDE_KEY", "sk-ant-test")::get).parse(yaml, "test.yaml");
    }

    /** L1 (TTL as given), L3 and the ledger on H2 files in this test's home, an instant simulator. */
    private String live(String ttl) {
        return """
                tiers:
                  l1: {enabled: true, ttl: %s}
                  l3: {enabled: true, url: "jdbc:h2:file:%s/live-cache"}
                ledger: {enabled: true, url: "jdbc:h2:file:%s/live-ledger", journal: "%s/live-journal"}
                simulated: {latency: {median: 0ms, p99: 0ms}}
                """.formatted(ttl, home, home, home) + MODELS;
    }

    /** 600 requests over 60 s, Zipf over 60 intents: many repeats, minutes apart and seconds apart. */
    private static Workload workload() {
        GeneratorSpec spec = new GeneratorSpec(600, Duration.ofSeconds(60), 60, 1.1, 0.0, 20, Map.of("free", 1.0),
                Map.of("gpt-4o-mini", 0.7, "gpt-4o", 0.3), null, 7, false);
        return new Workload("generated", new ArrayList<>(WorkloadGenerator.generate(spec)), List.of());
    }

    @Test
    void aShorterTtlOnTheWorkloadsClockLowersTheHitRate() throws Exception {
        Workload w = workload();
        WhatIfResult r = WhatIf.of(config(live("5m")), config(live("2s").replace("l3: {enabled: true",
                "l3: {enabled: false"))).concurrency(1).run(w);
        assertThat(r.cancelled()).isFalse();
        assertThat(r.requests()).isEqualTo(600);
        assertThat(r.current().requests()).isEqualTo(600);
        assertThat(r.proposed().requests()).isEqualTo(600);
        // The 60 s workload replays in well under 2 s: only its own clock lets a 2 s TTL expire.
        assertThat(r.proposed().hits()).isPositive().isLessThan(r.current().hits());
        assertThat(r.proposed().misses() - r.current().misses()).isEqualTo(r.current().hits() - r.proposed().hits());
        WhatIfResult.Difference rate = r.difference("hit_rate");
        assertThat(rate.current()).isEqualTo(r.current().hitRate());
        assertThat(rate.delta()).isNegative();
        assertThat(rate.changed()).isTrue();
        assertThat(r.difference("provider_calls").delta()).isEqualTo(r.difference("misses").delta());
        assertThat(r.difference("hit_rate.l2").changed()).isFalse();
        assertThat(r.differences()).extracting(WhatIfResult.Difference::metric).contains("hit_rate.l1",
                "hit_rate.l3", "hit_rate.semantic", "cost_usd", "saved_usd", "violations", "latency_ms.p50",
                "latency_ms.p95", "latency_ms.p99");
        // One point per second of the workload, adding up to the reports.
        assertThat(r.bucketMs()).isEqualTo(1000);
        assertThat(r.timeline()).hasSizeBetween(59, 61);
        assertThat(r.timeline().stream().mapToLong(p -> p.current().requests()).sum()).isEqualTo(600);
        assertThat(r.timeline().stream().mapToLong(p -> p.current().hits()).sum()).isEqualTo(r.current().hits());
        assertThat(r.timeline().stream().mapToLong(p -> p.proposed().hits()).sum()).isEqualTo(r.proposed().hits());
        assertThat(r.timeline().stream().mapToDouble(p -> p.proposed().costUsd()).sum())
                .isCloseTo(r.proposed().costUsd(), within(1e-9));
        assertThat(r.currentNotes()).anyMatch(n -> n.startsWith("L3 on an in-memory database"))
                .anyMatch(n -> n.startsWith("ledger off"));
        // The live stores were never opened.
        assertThat(home.resolve("live-cache.mv.db")).doesNotExist();
        assertThat(home.resolve("live-ledger.mv.db")).doesNotExist();
        assertThat(home.resolve("live-journal")).doesNotExist();
        assertThat(r.toTable()).contains("* hit_rate ");
        assertThat(r.toJson()).contains("\"differences\"").contains("\"timeline\"").contains("\"bucket_ms\" : 1000");
    }

    @Test
    void aNamespaceMadeNoStoreHasNoHits() throws Exception {
        Workload w = workload();
        String noStore = live("5m") + "namespaces:\n  default: {policy: no-store}\n";
        WhatIfResult r = WhatIf.of(config(live("5m")), config(noStore)).concurrency(1).run(w);
        assertThat(r.current().hits()).isPositive();
        assertThat(r.proposed().hits()).isZero();
        // Every request asks the provider, or shares an identical request's call within the dedup window.
        assertThat(r.proposed().providerCalls() + r.proposed().resilience().coalesced()).isEqualTo(600);
        assertThat(r.proposed().providerCalls()).isGreaterThan(r.current().providerCalls());
        assertThat(r.difference("cost_usd").delta()).isPositive();
    }

    @Test
    void theCurrentSideCountsWhatAPlainReplayCounts() throws Exception {
        Workload w = workload();
        SwitchboardConfig cfg = config(live("5m").replace("jdbc:h2:file:" + home + "/live-cache",
                "jdbc:h2:file:" + home + "/plain-cache").replace("live-ledger", "plain-ledger")
                .replace("live-journal", "plain-journal"));
        ReplayReport plain;
        try (Engine engine = Engine.start(cfg)) {
            plain = new ReplayRunner(engine, null).run(w, ReplayOptions.maxRate(1));
        }
        WhatIfResult r = WhatIf.of(cfg, config(live("2s"))).concurrency(1).run(w);
        ReplayReport c = r.current();
        assertThat(c.requests()).isEqualTo(plain.requests());
        assertThat(c.served()).isEqualTo(plain.served());
        assertThat(c.misses()).isEqualTo(plain.misses());
        assertThat(c.providerCalls()).isEqualTo(plain.providerCalls());
        assertThat(c.failed()).isEqualTo(plain.failed());
        assertThat(c.costUsd()).isCloseTo(plain.costUsd(), within(1e-9));
        assertThat(c.costSavedUsd()).isCloseTo(plain.costSavedUsd(), within(1e-9));
    }

    /** Accepts connections and counts them; a what-if must never open one. */
    private static final class CountingPort implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0);
        final AtomicInteger accepted = new AtomicInteger();
        final List<Socket> open = new CopyOnWriteArrayList<>();

        CountingPort() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try {
                        open.add(socket.accept());
                        accepted.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    @Test
    void neverCallsARealProvider() throws Exception {
        try (CountingPort port = new CountingPort()) {
            String yaml = """
                    tiers:
                      l1: {enabled: true, ttl: 5m}
                      l3: {enabled: false}
                    ledger: {enabled: false}
                    providers:
                      up: {kind: openai, base_url: "%s/v1", api_key: "${UP_KEY}", connect_timeout: 1s}
                      claude: {kind: anthropic, base_url: "%s", api_key: "${CLAUDE_KEY}", connect_timeout: 1s}
                    models:
                      gpt-4o-mini: {version: "2024-07-18", provider: up, input_per_1m: 0.15, output_per_1m: 0.60}
                      gpt-4o: {version: "2024-08-06", provider: claude, input_per_1m: 2.50, output_per_1m: 10.00}
                    semantic: {enabled: true, provider: up, model: text-embedding-3-small, threshold: 0.9}
                    alerts:
                      error_rate: {window: 10, min_requests: 1, threshold: 0.01}
                      webhooks:
                        hook: {kind: slack, url: "%s/hook"}
                    tracing: {enabled: true, endpoint: "%s/v1/traces", sampling: 1.0}
                    simulated: {latency: {median: 0ms, p99: 0ms}}
                    """.formatted(port.url(), port.url(), port.url(), port.url());
            SwitchboardConfig cfg = config(yaml);
            Observed failing = new Observed(Map.of("gpt-4o", new Observed.Model(0, 0, 1.0, 0)));
            WhatIfResult r = WhatIf.of(cfg, cfg).observed(failing).concurrency(4).run(workload());
            assertThat(port.accepted.get()).as("connections to the providers' port").isZero();
            assertThat(r.current().served().get(ServedBy.PROVIDER)).as("the simulator answered").isPositive();
            assertThat(r.current().failed()).as("gpt-4o mirrors its observed error rate").isNotEmpty();
            assertThat(r.currentNotes()).anyMatch(n -> n.contains("gpt-4o-mini (up)") && n.contains("gpt-4o (claude)"))
                    .anyMatch(n -> n.startsWith("semantic cache off"))
                    .anyMatch(n -> n.contains("mirrors the observed latency") && n.contains("gpt-4o"));
        }
    }

    @Test
    void aCancelStopsItAndSaysSo() throws Exception {
        // 20 ms a call, 2 at a time: the whole run would take seconds; a cancel at the first progress ends it.
        String slow = live("5m").replace("median: 0ms, p99: 0ms", "median: 20ms, p99: 20ms");
        GeneratorSpec spec = new GeneratorSpec(3000, Duration.ofSeconds(60), 400, 1.1, 0.0, 20, Map.of("free", 1.0),
                Map.of("gpt-4o-mini", 1.0), null, 3, true);
        Workload w = new Workload("distinct", new ArrayList<>(WorkloadGenerator.generate(spec)), List.of());
        List<Double> seen = new CopyOnWriteArrayList<>();
        WhatIf run = WhatIf.of(config(slow), config(slow)).concurrency(2);
        run.progress(f -> {
            seen.add(f);
            if (f >= 0.005) {
                run.cancel();
            }
        });
        WhatIfResult r = run.run(w);
        assertThat(r.cancelled()).isTrue();
        assertThat(run.isCancelled()).isTrue();
        assertThat(r.current().requests()).isPositive().isLessThan(3000);
        assertThat(r.proposed().requests()).as("the second engine never started its replay").isZero();
        assertThat(seen).isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
        assertThat(r.toTable()).contains("CANCELLED");
    }

    @Test
    void routedSharesAppearWhenEitherSideRoutes() throws Exception {
        String routed = live("5m") + """
                routing:
                  routes:
                    ab: {kind: experiment, a: gpt-4o-mini, b: gpt-4o, b_percent: 50}
                """;
        GeneratorSpec spec = new GeneratorSpec(200, Duration.ofSeconds(10), 50, 1.1, 0.0, 20, Map.of("free", 1.0),
                Map.of("ab", 1.0), null, 5, false);
        Workload w = new Workload("routed", new ArrayList<>(WorkloadGenerator.generate(spec)), List.of());
        String allB = routed.replace("b_percent: 50", "b_percent: 100");
        WhatIfResult r = WhatIf.of(config(routed), config(allB)).concurrency(1).run(w);
        WhatIfResult.Difference b = r.difference("routed.gpt-4o");
        assertThat(b).isNotNull();
        assertThat(b.proposed()).isEqualTo(1.0);
        assertThat(b.current()).isBetween(0.2, 0.8);
        assertThat(r.difference("cost_usd").delta()).isPositive();
    }

    @Test
    void observedFiguresComeFromASnapshot() throws Exception {
        SwitchboardConfig cfg = config(live("5m").replace("median: 0ms, p99: 0ms", "median: 2ms, p99: 4ms")
                .replace("live-", "observed-"));
        try (Engine engine = Engine.start(cfg)) {
            new ReplayRunner(engine, null).run(workload(), ReplayOptions.maxRate(8));
            Observed o = Observed.from(engine.snapshot(), cfg.simulated());
            assertThat(o.models()).containsOnlyKeys("gpt-4o-mini", "gpt-4o");
            Observed.Model m = o.models().get("gpt-4o-mini");
            assertThat(m.p50Ms()).isPositive();
            assertThat(m.p99Ms()).isGreaterThanOrEqualTo(m.p50Ms());
            assertThat(m.errorRate()).isZero();
            assertThat(m.rate429()).isZero();
        }
        assertThat(Files.exists(home)).isTrue();
    }
}
