package dev.switchboard.engine.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.ConfigException;
import dev.switchboard.engine.config.ConfigFile;
import dev.switchboard.engine.config.ConfigLoader;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.route.CascadeRoute;
import dev.switchboard.engine.route.Complexity;
import dev.switchboard.engine.route.Routed;
import dev.switchboard.engine.route.TableRoute;
import dev.switchboard.engine.route.TaskClass;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Requests that name a route: a table's pick, an experiment's arms, a cascade's stages, a vote's voters. */
class RoutingEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LABEL_SCHEMA = """
            {"type": "json_schema", "json_schema": {"name": "sentiment", "strict": true, "schema": {
              "type": "object", "required": ["label", "confidence"], "additionalProperties": false,
              "properties": {"label": {"type": "string", "enum": ["positive", "negative", "neutral"]},
                             "confidence": {"type": "number", "minimum": 0, "maximum": 1}}}}}
            """;
    private static final String ROUTES = """
            routing:
              premium: gpt-4o
              routes:
                auto:
                  kind: table
                  otherwise: gpt-4o-mini
                  table:
                    coding: gpt-4o
                    math: cheap-first
                  fast_model: gpt-4o-mini
                capped:
                  kind: table
                  otherwise: gpt-4o
                  max_usd_per_request: 0.0005
                cheap-first:
                  kind: cascade
                  stages: [gpt-4o-mini, gpt-4o]
                  threshold: 0.5
                  confidence: parse
                self-rated:
                  kind: cascade
                  stages: [gpt-4o-mini, gpt-4o]
                  threshold: 0.5
                  confidence: field
                  field: confidence
                ab:
                  kind: experiment
                  a: gpt-4o-mini
                  b: gpt-4o
                  b_percent: 30
                five:
                  kind: vote
                  voters: [gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini]
                  field: label
                  early_stop: true
                five-all:
                  kind: vote
                  voters: [gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini, gpt-4o-mini]
                  field: label
                  early_stop: false
            """;

    @TempDir
    Path dir;

    private static SwitchboardConfig config(String simulatedExtra) {
        String base = TestConfigs.L1_ONLY + ROUTES;
        if (!simulatedExtra.isEmpty()) {
            base = base.replace("""
                    simulated:
                      latency:
                        median: 0ms
                        p99: 0ms
                    """, """
                    simulated:
                      latency: {median: 0ms, p99: 0ms}
                    """ + simulatedExtra);
        }
        return TestConfigs.parse(base);
    }

    private static ChatRequest ask(String model, String prompt) {
        return ChatRequest.builder().model(model).prompt(prompt).user("ann").build();
    }

    @Test
    void aTableSendsEachClassToItsCellAndSaysWhy() {
        try (Engine engine = Engine.start(config(""))) {
            ChatResult code = engine.submit(ask("auto", "Write a Python function that merges two sorted lists "
                    + "and handles duplicates, with unit tests and type hints."));
            assertThat(code.model()).isEqualTo("gpt-4o");
            assertThat(code.routed().route()).isEqualTo("auto");
            assertThat(code.routed().profile().taskClass()).isEqualTo(TaskClass.CODING);
            assertThat(code.route().get(0)).startsWith("route auto: coding/");

            ChatResult chat = engine.submit(ask("auto", "Hi! How are you today?"));
            assertThat(chat.model()).isEqualTo("gpt-4o-mini");
            assertThat(chat.routed().reasons().get(0)).contains("(otherwise)");

            ChatResult fast = engine.submit(ChatRequest.builder().model("auto").user("ann").latencySensitive(true)
                    .prompt("Write a Python function that merges two sorted lists and handles duplicates, with "
                            + "unit tests and type hints.").build());
            assertThat(fast.model()).isEqualTo("gpt-4o-mini");
            assertThat(fast.routed().reasons()).anyMatch(s -> s.startsWith("latency-sensitive"));

            RoutingSnapshot s = engine.snapshot().routing();
            assertThat(s.requests()).isEqualTo(3);
            assertThat(s.models()).containsEntry("gpt-4o", 1L).containsEntry("gpt-4o-mini", 2L);
            assertThat(s.premium()).isEqualTo("gpt-4o");
            assertThat(s.premiumCostUsd()).isGreaterThan(s.costUsd());
            assertThat(s.savingShare()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aCostCeilingDowngradesToThePriciestModelThatFits() {
        try (Engine engine = Engine.start(config(""))) {
            ChatResult r = engine.submit(ask("capped", "Tell me about the weather on the coast this week."));
            assertThat(r.model()).isEqualTo("gpt-4o-mini");
            assertThat(r.routed().reasons()).anyMatch(s -> s.contains("over the $0.00050/request ceiling"));
        }
    }

    @Test
    void anUnhealthyPickGoesToItsFallback() {
        SwitchboardConfig cfg = config("").withResilience(config("").resilience().withFallbacks(
                Map.of("gpt-4o", List.of("gpt-4o-mini"))));
        try (Engine engine = Engine.start(cfg)) {
            engine.resilience().force("gpt-4o", true);
            Router.Decision d = engine.routes().suggest((TableRoute) cfg.routing().route("auto"),
                    ask("auto", "Write a Python function that parses ISO dates and handles time zones, with tests."));
            assertThat(d.target()).isEqualTo("gpt-4o-mini");
            assertThat(d.reasons()).anyMatch(s -> s.contains("gpt-4o unhealthy (breaker open) -> gpt-4o-mini"));
        }
    }

    @Test
    void anExperimentKeepsEachUserOnOneArmAndCountsBoth() {
        try (Engine engine = Engine.start(config(""))) {
            Map<String, String> armOf = new HashMap<>();
            for (int u = 0; u < 200; u++) {
                for (int k = 0; k < 2; k++) {
                    ChatResult r = engine.submit(ChatRequest.builder().model("ab").user("user-" + u)
                            .prompt("question " + k + " from " + u).build());
                    String before = armOf.putIfAbsent("user-" + u, r.routed().arm());
                    assertThat(before == null || before.equals(r.routed().arm())).isTrue();
                    assertThat(r.model()).isEqualTo(r.routed().arm().equals("a") ? "gpt-4o-mini" : "gpt-4o");
                }
            }
            long b = armOf.values().stream().filter("b"::equals).count();
            assertThat(b).isBetween(40L, 80L);
            RoutingSnapshot.RouteRow row = engine.snapshot().routing().routes().stream()
                    .filter(x -> x.name().equals("ab")).findFirst().orElseThrow();
            assertThat(row.arms()).hasSize(2);
            assertThat(row.arms().get(0).requests() + row.arms().get(1).requests()).isEqualTo(400);
            assertThat(row.arms().get(1).requests()).isEqualTo(2 * b);
            assertThat(row.arms().get(1).meanCostUsd()).isGreaterThan(row.arms().get(0).meanCostUsd());
        }
    }

    @Test
    void aCascadeEscalatesAnAnswerThatDidNotParseAndPaysForBoth() throws Exception {
        String shares = """
                  output:
                    gpt-4o-mini: {broken: 1.0, clean: 0, prose: 0, fenced: 0, key_value: 0, refusal: 0}
                    gpt-4o: {clean: 1.0, broken: 0, prose: 0, fenced: 0, key_value: 0, refusal: 0}
                """;
        SwitchboardConfig cfg = config(shares);
        cfg = new ConfigLoader().parse(TestConfigs.L1_ONLY.replace("""
                simulated:
                  latency:
                    median: 0ms
                    p99: 0ms
                """, "simulated:\n  latency: {median: 0ms, p99: 0ms}\n" + shares) + ROUTES
                + "parse: {enabled: true, max_reprompts: 0, raw_on_failure: true}\nledger: {enabled: false}\n", "t");
        try (Engine engine = Engine.start(cfg)) {
            ChatResult r = engine.submit(ChatRequest.builder().model("cheap-first").user("ann")
                    .prompt("How do people feel about the release?").responseFormat(JSON.readTree(LABEL_SCHEMA))
                    .build());
            assertThat(r.routed().stage()).isEqualTo(2);
            assertThat(r.model()).isEqualTo("gpt-4o");
            assertThat(r.output().parsed()).isTrue();
            assertThat(r.routed().reasons()).anyMatch(s -> s.startsWith("stage 1 gpt-4o-mini: confidence 0.00"));
            long calls = engine.snapshot().providerCalls();
            assertThat(calls).isEqualTo(2);
            assertThat(r.costUsd()).isGreaterThan(cfg.models().get("gpt-4o").cost(r.tokensIn(), r.tokensOut()) - 1e-9);
            RoutingSnapshot.RouteRow row = engine.snapshot().routing().routes().stream()
                    .filter(x -> x.name().equals("cheap-first")).findFirst().orElseThrow();
            assertThat(row.byStage()).containsExactly(0L, 1L);
        }
    }

    @Test
    void aSelfRatedCascadeStopsAtTheFirstConfidentStage() throws Exception {
        String shares = """
                  output:
                    default: {clean: 1.0, broken: 0, prose: 0, fenced: 0, key_value: 0, refusal: 0}
                """;
        SwitchboardConfig cfg = new ConfigLoader().parse(TestConfigs.L1_ONLY.replace("""
                simulated:
                  latency:
                    median: 0ms
                    p99: 0ms
                """, "simulated:\n  latency: {median: 0ms, p99: 0ms}\n" + shares) + ROUTES
                + "parse: {enabled: true}\nledger: {enabled: false}\n", "t");
        try (Engine engine = Engine.start(cfg)) {
            int first = 0;
            int second = 0;
            for (int i = 0; i < 60; i++) {
                ChatResult r = engine.submit(ChatRequest.builder().model("self-rated").user("ann")
                        .prompt("How do people feel about release " + i + "?")
                        .responseFormat(JSON.readTree(LABEL_SCHEMA)).build());
                double c = r.output().value().get("confidence").asDouble();
                if (r.routed().stage() == 1) {
                    first++;
                    assertThat(c).isGreaterThanOrEqualTo(0.5);
                    assertThat(r.model()).isEqualTo("gpt-4o-mini");
                } else {
                    second++;
                    assertThat(r.routed().reasons().get(0)).contains("< 0.50 -> escalated");
                }
            }
            assertThat(first).isPositive();
            assertThat(second).isPositive();
            assertThat(engine.snapshot().providerCalls()).isEqualTo(first + 2L * second);
        }
    }

    @Test
    void aVoteStopsEarlyOnlyWhenTheRestCouldNotChangeTheMajority() throws Exception {
        String shares = """
                  output:
                    default: {clean: 1.0, broken: 0, prose: 0, fenced: 0, key_value: 0, refusal: 0}
                """;
        SwitchboardConfig cfg = new ConfigLoader().parse(TestConfigs.L1_ONLY.replace("""
                simulated:
                  latency:
                    median: 0ms
                    p99: 0ms
                """, "simulated:\n  latency: {median: 0ms, p99: 0ms}\n" + shares) + ROUTES
                + "parse: {enabled: true}\nledger: {enabled: false}\n", "t");
        JsonNode schema = JSON.readTree(LABEL_SCHEMA);
        try (Engine engine = Engine.start(cfg)) {
            int same = 0;
            long early = 0;
            long all = 0;
            for (int i = 0; i < 40; i++) {
                String prompt = "Classify the sentiment of review " + i;
                ChatResult e = engine.submit(ChatRequest.builder().model("five").user("ann").prompt(prompt)
                        .temperature(0.7).responseFormat(schema).build());
                ChatResult f = engine.submit(ChatRequest.builder().model("five-all").user("ann").prompt(prompt)
                        .temperature(0.7).responseFormat(schema).build());
                List<Routed.Vote> v = e.routed().votes();
                assertThat(v.size()).isBetween(3, 5);
                Map<String, Integer> counts = new HashMap<>();
                v.forEach(x -> counts.merge(x.label(), 1, Integer::sum));
                int top = counts.values().stream().max(Integer::compare).orElseThrow();
                if (v.size() == 3) {
                    assertThat(top).isEqualTo(3);
                } else if (v.size() == 4) {
                    assertThat(top).isEqualTo(3);
                }
                assertThat(e.routed().confidence()).isEqualTo((double) top / v.size());
                assertThat(counts.get(e.routed().decision())).isEqualTo(top);
                assertThat(e.output().value().get("label").asText()).isEqualTo(e.routed().decision());
                assertThat(f.routed().votes()).hasSize(5);
                // The five-voter answers are the same calls (cached), so both decide on the same votes' prefix.
                if (e.routed().decision().equals(f.routed().decision())) {
                    same++;
                }
                early += v.size();
                all += 5;
            }
            assertThat(same).isEqualTo(40);
            assertThat(early).isLessThan(all);
        }
    }

    @Test
    void aVerifierJudgesTheCheapAnswerAndItsCallIsPaidToo() {
        SwitchboardConfig cfg = TestConfigs.parse(TestConfigs.L1_ONLY.replace("""
                simulated:
                  latency:
                    median: 0ms
                    p99: 0ms
                """, """
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  quality:
                    models:
                      gpt-4o-mini: {default: 0.7}
                      gpt-4o: {default: 0.95}
                """) + """
                routing:
                  routes:
                    checked:
                      kind: cascade
                      stages: [gpt-4o-mini, gpt-4o]
                      threshold: 0.6
                      confidence: verifier
                      verifier: gpt-4o
                """);
        try (Engine engine = Engine.start(cfg)) {
            int escalated = 0;
            int answered = 0;
            for (int i = 0; i < 80; i++) {
                ChatResult r = engine.submit(ask("checked", "Explain why the sky is blue, version " + i));
                if (r.routed().stage() == 1) {
                    answered++;
                    assertThat(r.routed().confidence()).isGreaterThanOrEqualTo(0.6);
                } else {
                    escalated++;
                    assertThat(r.routed().reasons().get(0)).contains("< 0.60 -> escalated");
                }
            }
            assertThat(answered).isPositive();
            assertThat(escalated).isPositive();
            // Each request: the cheap stage and the verifier; each escalated one: gpt-4o as well.
            assertThat(engine.snapshot().providerCalls()).isEqualTo(2L * 80 + escalated);
        }
    }

    @Test
    void badRoutesAreRefusedNamingTheField() {
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + """
                routing:
                  routes:
                    auto: {kind: table, otherwise: gpt-5}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("routing.routes.auto")
                .hasMessageContaining("unknown model 'gpt-5'");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + """
                routing:
                  routes:
                    c: {kind: cascade, stages: [gpt-4o-mini], threshold: 0.5, confidence: parse}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("routing.routes.c.stages");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + """
                routing:
                  routes:
                    c: {kind: cascade, stages: [gpt-4o-mini, gpt-4o], threshold: 1.5, confidence: parse}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("routing.routes.c.threshold");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + """
                routing:
                  routes:
                    gpt-4o: {kind: experiment, a: gpt-4o-mini, b: gpt-4o}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("also a model's name");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + """
                routing:
                  routes:
                    t: {kind: table, otherwise: gpt-4o, table: {poetry: gpt-4o}}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("routing.routes.t.table.poetry")
                .hasMessageContaining("unknown task class");
        assertThatThrownBy(() -> TestConfigs.parse(TestConfigs.L1_ONLY + """
                routing:
                  routes:
                    t: {kind: lottery}
                """)).isInstanceOf(ConfigException.class).hasMessageContaining("unknown route kind 'lottery'");
    }

    @Test
    void routesSaveAndLoadBack() throws Exception {
        Path file = dir.resolve("switchboard.yaml");
        Files.writeString(file, TestConfigs.L1_ONLY + ROUTES + "ledger: {enabled: false}\n");
        ConfigFile cf = new ConfigFile(file, new ConfigLoader());
        SwitchboardConfig c = cf.load();
        TableRoute auto = ((TableRoute) c.routing().route("auto")).withCell(TaskClass.CHAT, Complexity.LOW, "gpt-4o");
        SwitchboardConfig edited = c.withRouting(c.routing().with(auto)
                .with(((CascadeRoute) c.routing().route("cheap-first")).withThreshold(0.85)));
        cf.save(edited);
        SwitchboardConfig back = cf.load();
        assertThat(back.routing()).isEqualTo(edited.routing());
        assertThat(((TableRoute) back.routing().route("auto")).target(TaskClass.CHAT, Complexity.LOW))
                .isEqualTo("gpt-4o");
    }
}
