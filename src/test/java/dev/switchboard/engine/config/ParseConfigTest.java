package dev.switchboard.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.parse.Expectation;
import dev.switchboard.engine.parse.ParseSettings;
import dev.switchboard.engine.parse.Strategy;
import dev.switchboard.engine.request.ChatRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code parse:} and {@code simulated.output:} sections of the config file. */
class ParseConfigTest {
    private static final String MODELS = """
            models:
              gpt-4o-mini: {version: "2024-07-18", input_per_1m: 0.15, output_per_1m: 0.6}
            """;
    private static final String GOOD = """
            parse:
              enabled: true
              chain: [strict_json, extracted_json, reprompt]
              max_reprompts: 2
              raw_on_failure: true
              schemas:
                contact:
                  type: object
                  required: [email]
                  properties:
                    email: {type: string, format: email}
                    age: {type: integer, minimum: 0}
              namespaces:
                crm: {schema: contact, raw_on_failure: false}
                geo: {fields: [city, country]}
            """ + MODELS;

    private static SwitchboardConfig parse(String yaml) {
        return new ConfigLoader(k -> null).parse(yaml, "t.yaml");
    }

    @Test
    void absentSectionIsTheDefaults() {
        assertThat(parse(MODELS).parse()).isEqualTo(ParseSettings.defaults());
    }

    @Test
    void sectionIsRead() {
        ParseSettings p = parse(GOOD).parse();
        assertThat(p.chain()).containsExactly(Strategy.STRICT_JSON, Strategy.EXTRACTED_JSON, Strategy.REPROMPT);
        assertThat(p.maxReprompts()).isEqualTo(2);
        assertThat(p.schemas().get("contact").at("/properties/age/minimum").asInt()).isZero();
        assertThat(p.rawOnFailure("crm")).isFalse();
        assertThat(p.rawOnFailure("geo")).as("the global default").isTrue();
        assertThat(p.rawOnFailure("other")).isTrue();
        ChatRequest crm = ChatRequest.builder().namespace("crm").model("gpt-4o-mini").prompt("x").build();
        assertThat(p.expectationFor(crm)).isInstanceOf(Expectation.JsonSchema.class)
                .extracting(Expectation::name).isEqualTo("contact");
        assertThat(p.expectationFor(crm.toBuilder().namespace("geo").build()))
                .isEqualTo(new Expectation.Fields(List.of("city", "country")));
    }

    @Test
    void badValuesNameTheirPath() {
        bad("parse: {chain: [strict_json, yaml]}", "parse.chain[1]: unknown strategy 'yaml'; known: [strict_json, "
                + "extracted_json, key_value, flexible, reprompt]");
        bad("parse: {chain: []}", "parse.chain: must name at least one strategy");
        bad("parse: {chain: [flexible, flexible]}", "parse.chain: 'flexible' is listed twice");
        bad("parse: {max_reprompts: 9}", "parse.max_reprompts: must be between 0 and 5, got 9");
        bad("parse: {enabled: maybe}", "parse.enabled: must be true or false, got 'maybe'");
        bad("parse: {colour: red}", "parse.colour: unknown key");
        bad("parse: {schemas: {x: [1]}}", "parse.schemas.x: must be a JSON Schema written as a mapping");
        bad("parse: {schemas: {x: {type: strin}}}", "parse.schemas.x: not a valid JSON Schema: at $.type:");
        bad("parse: {namespaces: {crm: {schema: nope}}, schemas: {a: {type: object}}}",
                "parse.namespaces.crm.schema: unknown schema 'nope'; known: [a]");
        bad("parse: {namespaces: {crm: {schema: a, fields: [b]}}, schemas: {a: {type: object}}}",
                "parse.namespaces.crm.fields: set schema or fields, not both");
        bad("parse: {namespaces: {crm: {field: [b]}}}", "parse.namespaces.crm.field: unknown key");
        bad("parse: {namespaces: {crm: {raw_on_failure: 3}}}",
                "parse.namespaces.crm.raw_on_failure: must be true or false, got '3'");
    }

    @Test
    void simulatedOutputSharesAreReadWithDefaultsAndOverrides() {
        SimulatedConfig none = parse(MODELS).simulated();
        assertThat(none.outputFor("gpt-4o-mini")).isEqualTo(OutputShares.DEFAULTS);
        SimulatedConfig c = parse("""
                simulated:
                  output:
                    default: {prose: 0.2, fenced: 0.1, key_value: 0, broken: 0.05, refusal: 0.05}
                    gpt-4o-mini: {broken: 0.5}
                """ + MODELS).simulated();
        assertThat(c.output()).isEqualTo(new OutputShares(0.6, 0.2, 0.1, 0, 0.05, 0.05));
        OutputShares mini = c.outputFor("gpt-4o-mini");
        assertThat(mini.broken()).isEqualTo(0.5);
        assertThat(mini.prose()).as("starts from the default").isEqualTo(0.2);
        assertThat(mini.clean()).isCloseTo(0.15, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(c.outputFor("another")).isEqualTo(c.output());
    }

    @Test
    void badOutputSharesNameTheirPath() {
        bad("simulated: {output: {default: {prose: 1.5}}}", "simulated.output.default.prose: must be between 0 and 1, "
                + "got 1.5");
        bad("simulated: {output: {default: {prose: 0.6, fenced: 0.6}}}",
                "simulated.output.default.shares: must sum to at most 1");
        bad("simulated: {output: {default: {clean: 0.9, prose: 0.2}}}",
                "simulated.output.default.shares: must sum to at most 1");
        bad("simulated: {output: {default: {jsonl: 0.1}}}", "simulated.output.default.jsonl: unknown key");
        bad("simulated: {output: {gpt-9: {broken: 0.1}}}", "simulated.output.gpt-9: unknown model");
    }

    private static void bad(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml + "\n" + MODELS)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("t.yaml: " + message);
    }

    @Test
    void savingKeepsTheParseSection(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, GOOD);
        ConfigFile cf = new ConfigFile(f, new ConfigLoader(k -> null));
        SwitchboardConfig c = cf.load();
        SwitchboardConfig edited = c.withTiers(c.tiers());
        cf.save(edited);
        assertThat(cf.load().parse()).isEqualTo(c.parse());
        assertThat(Files.readString(f)).contains("max_reprompts").contains("crm");
    }
}
