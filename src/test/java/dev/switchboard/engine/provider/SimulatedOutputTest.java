package dev.switchboard.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.engine.config.ModelConfig;
import dev.switchboard.engine.config.OutputShares;
import dev.switchboard.engine.config.SimulatedConfig;
import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.parse.OutputParser;
import dev.switchboard.engine.parse.Parsed;
import dev.switchboard.engine.parse.Reprompt;
import dev.switchboard.engine.parse.Strategy;
import dev.switchboard.engine.request.ChatRequest;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ModelConfig MINI = new ModelConfig("gpt-4o-mini", "v1", "simulated", 0.15, 0.6);
    private static final int DRAWS = 10_000;

    private static final Map<String, JsonNode> SCHEMAS = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonNode resource(String name) {
        return SCHEMAS.computeIfAbsent(name, SimulatedOutputTest::read);
    }

    private static JsonNode read(String name) {
        try (var in = SimulatedOutputTest.class.getResourceAsStream("/dev/switchboard/workload/schemas/" + name
                + ".json")) {
            return JSON.readTree(in);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode format(String name) {
        ObjectNode rf = JSON.createObjectNode().put("type", "json_schema");
        rf.putObject("json_schema").put("name", name).put("strict", true).set("schema", resource(name).deepCopy());
        return rf;
    }

    private static ChatRequest ask(int i, ObjectNode rf) {
        return ChatRequest.builder().model("gpt-4o-mini").prompt("Extract record " + i).responseFormat(rf).build();
    }

    private static SimulatedConfig config(OutputShares shares) {
        return new SimulatedConfig(Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofSeconds(1), 0, false, List.of(),
                Map.of(), shares, Map.of());
    }

    @Test
    void shapesFollowTheConfiguredSharesOver10kDraws() {
        OutputShares s = new OutputShares(0.30, 0.20, 0.15, 0.15, 0.10, 0.10);
        EnumMap<SimulatedOutput.Shape, Integer> counts = new EnumMap<>(SimulatedOutput.Shape.class);
        for (int i = 0; i < DRAWS; i++) {
            // The shape is drawn from the request's hash, as answer() does it.
            ChatRequest r = ask(i, format("product"));
            double u = new java.util.SplittableRandom(SimulatedOutput.hash("gpt-4o-mini", r)).nextDouble();
            counts.merge(SimulatedOutput.shape(u, s), 1, Integer::sum);
        }
        assertThat(share(counts, SimulatedOutput.Shape.CLEAN)).isCloseTo(0.30, within(0.02));
        assertThat(share(counts, SimulatedOutput.Shape.PROSE)).isCloseTo(0.20, within(0.02));
        assertThat(share(counts, SimulatedOutput.Shape.FENCED)).isCloseTo(0.15, within(0.02));
        assertThat(share(counts, SimulatedOutput.Shape.KEY_VALUE)).isCloseTo(0.15, within(0.02));
        assertThat(share(counts, SimulatedOutput.Shape.BROKEN)).isCloseTo(0.10, within(0.015));
        assertThat(share(counts, SimulatedOutput.Shape.REFUSAL)).isCloseTo(0.10, within(0.015));
    }

    private static double share(Map<SimulatedOutput.Shape, Integer> counts, SimulatedOutput.Shape s) {
        return counts.getOrDefault(s, 0) / (double) DRAWS;
    }

    @Test
    void eachShapeIsParsedByTheStrategyMeantForItAndBrokenOnesByNone() {
        OutputParser parser = new OutputParser();
        for (String name : List.of("product", "sentiment", "contact", "invoice")) {
            Expectation e = Expectation.fromResponseFormat(format(name));
            JsonNode schema = resource(name);
            for (long seed = 0; seed < 50; seed++) {
                JsonNode v = dev.switchboard.engine.parse.SchemaSampler.sample(schema, seed);
                for (SimulatedOutput.Shape shape : SimulatedOutput.Shape.values()) {
                    String text = SimulatedOutput.render(v, schema, shape);
                    Parsed p = parser.parse(text, e, Strategy.ALL);
                    switch (shape) {
                        case CLEAN -> assertThat(p.strategy()).as(text).isEqualTo(Strategy.STRICT_JSON);
                        case PROSE, FENCED -> assertThat(p.strategy()).as(text).isEqualTo(Strategy.EXTRACTED_JSON);
                        case KEY_VALUE -> assertThat(p.strategy()).as(text)
                                .isIn(Strategy.KEY_VALUE, Strategy.EXTRACTED_JSON);
                        case BROKEN -> assertThat(p.ok()).as(text).isFalse();
                        case REFUSAL -> assertThat(p.refusal()).as(text).isTrue();
                    }
                    if (p.ok()) {
                        assertThat(p.value()).as(text).isEqualTo(v);
                    }
                }
            }
        }
    }

    @Test
    void defaultSharesParseAfterOneRepromptAndFewNeedOne() {
        SimulatedProvider sim = new SimulatedProvider(() -> config(OutputShares.DEFAULTS));
        OutputParser parser = new OutputParser();
        int reprompts = 0;
        int parsedInTheEnd = 0;
        for (int i = 0; i < DRAWS; i++) {
            String name = List.of("product", "sentiment", "contact", "invoice").get(i % 4);
            ChatRequest r = ask(i, format(name));
            Expectation e = Expectation.fromResponseFormat(r.responseFormat());
            String text = sim.complete(r, MINI).answer();
            Parsed p = parser.parse(text, e, Strategy.ALL);
            if (!p.ok()) {
                reprompts++;
                ChatRequest again = r.toBuilder().messages(Reprompt.followUp(r.messages(), text, e, p)).build();
                assertThat(Reprompt.isFollowUp(again)).isTrue();
                String second = sim.complete(again, MINI).answer();
                p = parser.parse(second, e, Strategy.ALL);
                assertThat(p.strategy()).as("a re-prompt is answered with clean JSON").isEqualTo(Strategy.STRICT_JSON);
            }
            if (p.ok()) {
                parsedInTheEnd++;
            }
        }
        assertThat(reprompts / (double) DRAWS).isLessThan(0.02).isGreaterThan(0.0);
        assertThat(parsedInTheEnd / (double) DRAWS).isGreaterThanOrEqualTo(0.995);
    }

    @Test
    void aRequestWithoutAnExpectationIsAnsweredAsBefore() {
        SimulatedProvider sim = new SimulatedProvider(() -> config(new OutputShares(0, 0, 0, 0, 1, 0)));
        ChatRequest r = ChatRequest.builder().model("gpt-4o-mini").prompt("why").maxTokens(40).build();
        assertThat(sim.complete(r, MINI).answer()).isEqualTo(SimulatedProvider.answer("gpt-4o-mini", r));
        ChatRequest text = r.toBuilder().responseFormat(JSON.createObjectNode().put("type", "text")).build();
        assertThat(sim.complete(text, MINI).answer()).isEqualTo(SimulatedProvider.answer("gpt-4o-mini", r));
    }

    @Test
    void structuredAnswersRepeatAndFollowTheModelsOwnShares() {
        SimulatedConfig c = new SimulatedConfig(Duration.ZERO, Duration.ZERO, 0, 0, Duration.ofSeconds(1), 0, false,
                List.of(), Map.of(), OutputShares.DEFAULTS, Map.of("gpt-4o-mini", new OutputShares(0, 0, 0, 0, 0, 1)));
        SimulatedProvider sim = new SimulatedProvider(() -> c);
        ChatRequest r = ask(1, format("contact"));
        assertThat(sim.complete(r, MINI).answer()).isEqualTo(SimulatedOutput.REFUSAL);
        ModelConfig big = new ModelConfig("gpt-4o", "v1", "simulated", 2.5, 10);
        assertThat(sim.complete(r, big).answer()).isEqualTo(sim.complete(r, big).answer());
        ChatRequest obj = r.toBuilder().responseFormat(JSON.createObjectNode().put("type", "json_object")).build();
        String answer = new SimulatedProvider(() -> config(new OutputShares(1, 0, 0, 0, 0, 0))).complete(obj, MINI)
                .answer();
        assertThat(new OutputParser().parse(answer, new Expectation.JsonObject(), Strategy.ALL).strategy())
                .isEqualTo(Strategy.STRICT_JSON);
    }
}
