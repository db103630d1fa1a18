package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.error.ParseFailedException;
import dev.switchboard.engine.parse.ParseSnapshot;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Step 8 in the request path: answers expected to be structured, parsed by the chain, re-prompted when broken. */
class StructuredOutputEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCHEMA = """
            {"type": "json_schema", "json_schema": {"name": "sentiment", "strict": true, "schema": {
              "type": "object", "required": ["label", "score"], "additionalProperties": false,
              "properties": {"label": {"type": "string", "enum": ["positive", "negative", "neutral"]},
                             "score": {"type": "number", "minimum": 0, "maximum": 1}}}}}
            """;

    @TempDir
    Path dir;

    /** Every answer in one shape: the other shares set to 0 (they default to the simulator's mix). */
    private static String only(String shape) {
        StringBuilder sb = new StringBuilder("{");
        for (String k : new String[] {"clean", "prose", "fenced", "key_value", "broken", "refusal"}) {
            sb.append(k).append(": ").append(k.equals(shape) ? "1.0" : "0").append(k.equals("refusal") ? "}" : ", ");
        }
        return sb.toString();
    }

    private Engine engine(String shares, String parse) throws Exception {
        String ledger = "ledger: {enabled: true, journal: \"" + dir.resolve("journal") + "\"}\n";
        return Engine.start(TestConfigs.parse(TestConfigs.L1_ONLY.replace("""
                simulated:
                  latency:
                    median: 0ms
                    p99: 0ms
                """, """
                simulated:
                  latency: {median: 0ms, p99: 0ms}
                  output:
                    default: %s
                """.formatted(shares)) + parse + ledger));
    }

    private static ChatRequest ask(String prompt) throws Exception {
        return ChatRequest.builder().model("gpt-4o-mini").prompt(prompt).responseFormat(JSON.readTree(SCHEMA))
                .user("ann").build();
    }

    @Test
    void jsonInProseIsExtractedAndSentAsJson() throws Exception {
        try (Engine engine = engine(only("prose"), "")) {
            ChatResult r = engine.submit(ask("How do people feel about the new release?"));
            assertThat(r.output()).isNotNull();
            assertThat(r.output().strategy()).isEqualTo("extracted_json");
            assertThat(r.output().failed()).singleElement().asString().startsWith("strict_json");
            JsonNode sent = JSON.readTree(r.answer());
            assertThat(sent).isEqualTo(r.output().value());
            assertThat(sent.get("label").asText()).isIn("positive", "negative", "neutral");
            assertThat(r.choices().get(0).text()).isEqualTo(r.answer());

            // Stored raw, parsed again on the way out.
            ChatResult hit = engine.submit(ask("How do people feel about the new release?"));
            assertThat(hit.servedBy()).isEqualTo(ServedBy.L1);
            assertThat(hit.output().strategy()).isEqualTo("extracted_json");
            assertThat(hit.output().value()).isEqualTo(r.output().value());

            ParseSnapshot p = engine.snapshot().parse();
            assertThat(p.answers()).isEqualTo(2);
            assertThat(p.parsed()).isEqualTo(2);
            assertThat(p.strategies()).filteredOn(s -> s.id().equals("extracted_json")).singleElement()
                    .satisfies(s -> assertThat(s.successes()).isEqualTo(2));
        }
    }

    @Test
    void aBrokenAnswerIsRepromptedThroughTheProviderPathAndBilledToTheRequest() throws Exception {
        try (Engine engine = engine(only("broken"), "")) {
            ChatResult r = engine.submit(ask("Rate this review: great value"));
            assertThat(r.servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(r.output().strategy()).isEqualTo("reprompt");
            assertThat(r.output().reprompts()).isEqualTo(1);
            assertThat(r.output().repromptCostUsd()).isPositive();
            assertThat(r.costUsd()).isGreaterThan(r.output().repromptCostUsd());
            assertThat(engine.snapshot().providerCalls()).isEqualTo(2);
            ParseSnapshot p = engine.snapshot().parse();
            assertThat(p.reprompts()).isEqualTo(1);
            assertThat(p.repromptCostMicros()).isEqualTo(Math.round(r.output().repromptCostUsd() * 1e6));

            // The fixed answer is what was cached: a repeat parses strictly, with no call.
            ChatResult hit = engine.submit(ask("Rate this review: great value"));
            assertThat(hit.servedBy()).isEqualTo(ServedBy.L1);
            assertThat(hit.output().strategy()).isEqualTo("strict_json");
            assertThat(engine.snapshot().providerCalls()).isEqualTo(2);

            // The user's spend is the request's whole cost: its call and its re-prompt (a row of its own).
            assertThat(engine.ledger().budgets().spendOf("ann").todayMicros())
                    .isCloseTo(Math.round(r.costUsd() * 1e6), org.assertj.core.data.Offset.offset(2L));
        }
    }

    @Test
    void aRefusalWithNoRepromptLeftFailsNamingTheSchemaAndIsNotCached() throws Exception {
        try (Engine engine = engine(only("refusal"), "parse: {max_reprompts: 0}\n")) {
            assertThatThrownBy(() -> engine.submit(ask("Rate this: meh")))
                    .isInstanceOfSatisfying(ParseFailedException.class, e -> {
                        assertThat(e.kind()).isEqualTo("parse_failed");
                        assertThat(e.schema()).isEqualTo("sentiment");
                        assertThat(e.reason()).isEqualTo("refusal");
                        assertThat(e.getMessage()).contains("sentiment").contains("$");
                    });
            assertThatThrownBy(() -> engine.submit(ask("Rate this: meh"))).isInstanceOf(ParseFailedException.class);
            assertThat(engine.snapshot().providerCalls()).as("nothing was cached").isEqualTo(2);
            assertThat(engine.snapshot().parse().failed()).isEqualTo(2);
        }
    }

    @Test
    void aNamespaceMayTakeTheRawTextInstead() throws Exception {
        String parse = """
                parse:
                  max_reprompts: 0
                  namespaces:
                    lenient: {raw_on_failure: true}
                """;
        try (Engine engine = engine(only("refusal"), parse)) {
            ChatRequest r = ask("Rate this: meh").toBuilder().namespace("lenient").build();
            ChatResult raw = engine.submit(r);
            assertThat(raw.output().parsed()).isFalse();
            assertThat(raw.output().failed()).isNotEmpty();
            assertThat(raw.answer()).isNotBlank();
            assertThat(engine.submit(r).servedBy()).as("a raw answer is not cached").isEqualTo(ServedBy.PROVIDER);
        }
    }

    @Test
    void aNamespaceSchemaAppliesWithoutAResponseFormat() throws Exception {
        String parse = """
                parse:
                  schemas:
                    ticket:
                      type: object
                      required: [title]
                      properties: {title: {type: string}}
                  namespaces:
                    support: {schema: ticket}
                """;
        try (Engine engine = engine(only("clean"), parse)) {
            // The simulator knows nothing of namespaces and answers in prose: no JSON, no fields.
            ChatRequest r = ChatRequest.builder().model("gpt-4o-mini").namespace("support").prompt("Printer is on fire")
                    .build();
            assertThatThrownBy(() -> engine.submit(r)).isInstanceOfSatisfying(ParseFailedException.class,
                    e -> assertThat(e.schema()).isEqualTo("ticket"));
            // Free text elsewhere is left alone.
            ChatResult free = engine.submit(r.toBuilder().namespace("default").build());
            assertThat(free.output()).isNull();
        }
    }

    @Test
    void aBadResponseFormatIsTheCallersFaultNamingTheField() throws Exception {
        try (Engine engine = engine(only("clean"), "")) {
            ChatRequest r = ChatRequest.builder().model("gpt-4o-mini").prompt("x")
                    .responseFormat(JSON.readTree("{\"type\": \"json_schema\", \"json_schema\": {\"name\": \"x\", "
                            + "\"schema\": {\"type\": 12}}}"))
                    .build();
            assertThatThrownBy(() -> engine.submit(r))
                    .isInstanceOf(dev.switchboard.engine.error.InvalidRequestException.class)
                    .hasMessageContaining("response_format.json_schema.schema");
            assertThat(engine.snapshot().providerCalls()).isZero();
        }
    }
}
