package dev.switchboard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.route.Routed;
import dev.switchboard.engine.routing.RoutingSnapshot;
import dev.switchboard.workload.GeneratorSpec;
import dev.switchboard.workload.WorkloadEntry;
import dev.switchboard.workload.WorkloadGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Routing with everything else on (three tiers, the semantic cache, guards, parsing, plan limits, upstream buckets,
 * breakers, budgets, the ledger in PostgreSQL): a mixed-task workload sent to a route table whose cells lead to a
 * cheap-first cascade, an A/B experiment and a vote. Every request is answered; every call a route made (each
 * cascade stage, each vote) is one ledger row; the cascade answers at its first stage only when confident enough;
 * votes stop early only on a decided majority; each user stays on one experiment arm.
 */
class RoutingScenarioIT {
    private static final int REQUESTS = 300;
    private static final double THRESHOLD = 0.8;

    @Test
    void routedRequestsAreAnsweredPaidAndRecordedOncePerCall() throws Exception {
        try (Scenario sc = new Scenario()) {
            // Routes fan out (votes three at once, cascades twice): upstream buckets wide enough that no call waits
            // past its deadline on a loaded machine; admission itself is the burst scenarios' subject.
            Map<String, String> sections = Map.of("limits", """
                    limits:
                      plans:
                        free: {per_minute: 100000}
                      upstream:
                        default: {rate: 2000, capacity: 100}
                        queue: 1000
                        max_wait: 5s
                    """, "resilience", """
                    resilience:
                      timeout: 5s
                      deadline: 20s
                      breaker: {failure_rate: 50, window: 10, min_calls: 5, open_for: 1s}
                      retry: {max_attempts: 3, base: 10ms, cap: 50ms}
                      dedup_window: 1s
                    """, "simulated", """
                    simulated:
                      latency: {median: 2ms, p99: 10ms}
                      quality:
                        models:
                          gpt-4o-mini: {default: 0.8, chat: 0.95, math: 0.6}
                          claude-3-5-haiku: {default: 0.86}
                          gpt-4o: {default: 0.93}
                        complexity: {low: 0.05, high: -0.1}
                    """, "routing", """
                    routing:
                      premium: gpt-4o
                      routes:
                        auto:
                          kind: table
                          otherwise: cheap-first
                          table:
                            chat: trial
                            extraction: sentiment-vote
                        cheap-first:
                          kind: cascade
                          stages: [gpt-4o-mini, gpt-4o]
                          threshold: %s
                          confidence: logprobs
                        trial:
                          kind: experiment
                          a: gpt-4o-mini
                          b: claude-3-5-haiku
                          b_percent: 30
                        sentiment-vote:
                          kind: vote
                          voters: [gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini]
                          field: sentiment
                    """.formatted(THRESHOLD));
            List<ChatRequest> asked = requests();
            List<ChatResult> answers = new ArrayList<>();
            RoutingSnapshot snap;
            try (Engine engine = Engine.start(sc.config(sections));
                 ExecutorService pool = Executors.newFixedThreadPool(8, Thread.ofVirtual().factory())) {
                List<Future<ChatResult>> fs = new ArrayList<>();
                for (ChatRequest r : asked) {
                    fs.add(pool.submit(() -> engine.submit(r)));
                }
                for (Future<ChatResult> f : fs) {
                    answers.add(f.get());
                }
                snap = engine.snapshot().routing();
            }
            assertThat(answers).hasSize(asked.size()).allSatisfy(a -> assertThat(a.routed()).isNotNull());
            assertThat(snap.requests()).isEqualTo(asked.size());
            assertThat(snap.failures()).isZero();
            assertThat(snap.models().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(asked.size());

            long calls = 0;
            Map<String, String> armOf = new HashMap<>();
            int cascades = 0;
            int votes = 0;
            int experiments = 0;
            for (int i = 0; i < answers.size(); i++) {
                ChatResult a = answers.get(i);
                Routed how = a.routed();
                assertThat(how.route()).isEqualTo("auto");
                switch (how.kind()) {
                    case "cascade" -> {
                        cascades++;
                        calls += how.stagesCalled();
                        if (how.stage() == 1) {
                            assertThat(how.confidence()).isGreaterThanOrEqualTo(THRESHOLD);
                            assertThat(a.model()).isEqualTo("gpt-4o-mini");
                        } else {
                            assertThat(how.reasons()).anyMatch(s -> s.contains("-> escalated"));
                            assertThat(a.model()).isEqualTo("gpt-4o");
                        }
                    }
                    case "vote" -> {
                        // A voter whose call failed (a queue deadline on a loaded machine) has no answer row.
                        calls += how.votes().stream().filter(Routed.Vote::answered).count();
                        if (how.decision() == null) {
                            // An extraction with no sentiment field to vote on: the first answer stands.
                            break;
                        }
                        votes++;
                        Map<String, Integer> counts = new HashMap<>();
                        how.votes().forEach(v -> counts.merge(String.valueOf(v.label()), 1, Integer::sum));
                        int top = counts.values().stream().max(Integer::compare).orElseThrow();
                        assertThat(counts.get(how.decision())).isEqualTo(top);
                        if (how.votes().size() < 5) {
                            assertThat(top).as("stopped early only on 3-0 or 3-1").isEqualTo(3);
                        }
                    }
                    case "experiment" -> {
                        experiments++;
                        calls++;
                        String user = asked.get(i).user();
                        String before = armOf.putIfAbsent(user, how.arm());
                        assertThat(before == null || before.equals(how.arm())).as("user %s on one arm", user).isTrue();
                    }
                    default -> throw new AssertionError("unexpected kind " + how.kind());
                }
            }
            assertThat(cascades).isPositive();
            assertThat(votes).isPositive();
            assertThat(experiments).isPositive();
            RoutingSnapshot.RouteRow cascade = snap.routes().stream().filter(r -> r.name().equals("cheap-first"))
                    .findFirst().orElseThrow();
            assertThat(cascade.byStage().stream().mapToLong(Long::longValue).sum()).isEqualTo(cascades);
            assertThat(cascade.byStage().get(0)).as("some answered by the cheap stage").isPositive();
            assertThat(cascade.byStage()).as("some escalated").hasSize(2);
            assertThat(sc.answerRows()).as("one ledger row per call a route made")
                    .isEqualTo(calls);
            assertThat(snap.premiumCostUsd()).isGreaterThan(snap.costUsd());
        }
    }

    /** Mixed tasks (each prompt distinct), a share of sentiment classifications with their schema, fifty users. */
    private static List<ChatRequest> requests() throws Exception {
        GeneratorSpec spec = new GeneratorSpec(REQUESTS, Duration.ofSeconds(10), 200, 1.1, 0.2, 50,
                Map.of("free", 1.0), Map.of("gpt-4o-mini", 1.0), null, 17, true, 0, 1.0);
        List<ChatRequest> out = new ArrayList<>();
        var schema = new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"type": "json_schema", "json_schema": {"name": "sentiment", "strict": true, "schema": {
                  "type": "object", "required": ["sentiment", "confidence"], "additionalProperties": false,
                  "properties": {"sentiment": {"type": "string", "enum": ["positive", "neutral", "negative"]},
                                 "confidence": {"type": "number", "minimum": 0, "maximum": 1}}}}}
                """);
        int n = 0;
        for (WorkloadEntry e : WorkloadGenerator.generate(spec)) {
            ChatRequest.Builder b = ChatRequest.builder().model("auto").user(e.user()).plan(e.plan())
                    .system(e.system()).prompt(e.prompt()).maxTokens(e.maxTokens()).temperature(e.temperature());
            out.add(b.build());
            if (++n % 10 == 0) {
                out.add(ChatRequest.builder().model("auto").user(e.user()).plan(e.plan()).temperature(0.7)
                        .prompt("Extract the sentiment of this review as JSON: \"I have mixed feelings about order "
                                + n + ".\"").responseFormat(schema).build());
            }
        }
        return out;
    }
}
