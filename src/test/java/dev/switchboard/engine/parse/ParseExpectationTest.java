package dev.switchboard.engine.parse;

import static dev.switchboard.engine.parse.ParseStrategyTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.error.InvalidRequestException;
import org.junit.jupiter.api.Test;

class ParseExpectationTest {
    @Test
    void absentOrTextExpectsNothing() {
        assertThat(Expectation.fromResponseFormat(null)).isNull();
        assertThat(Expectation.fromResponseFormat(json("{'type':'text'}"))).isNull();
    }

    @Test
    void jsonObjectAndJsonSchema() {
        assertThat(Expectation.fromResponseFormat(json("{'type':'json_object'}")))
                .isEqualTo(new Expectation.JsonObject());
        assertThat(new Expectation.JsonObject().name()).isEqualTo("json_object");
        Expectation e = Expectation.fromResponseFormat(json("""
                {'type':'json_schema','json_schema':{'name':'product','strict':true,
                 'schema':{'type':'object','properties':{'a':{'type':'integer'}}}}}"""));
        assertThat(e).isInstanceOf(Expectation.JsonSchema.class);
        assertThat(e.name()).isEqualTo("product");
        assertThat(((Expectation.JsonSchema) e).schema().at("/properties/a/type").asText()).isEqualTo("integer");
    }

    @Test
    void malformedFormatsNameTheirField() {
        bad("[1]", "response_format", "must be an object");
        bad("{}", "response_format.type", "is required");
        bad("{'type':'xml'}", "response_format.type", "must be one of text, json_object, json_schema, got 'xml'");
        bad("{'type':'json_schema'}", "response_format.json_schema", "is required with type json_schema");
        bad("{'type':'json_schema','json_schema':{'schema':{}}}", "response_format.json_schema.name", "is required");
        bad("{'type':'json_schema','json_schema':{'name':'x'}}", "response_format.json_schema.schema", "is required");
        bad("{'type':'json_schema','json_schema':{'name':'x','schema':'object'}}",
                "response_format.json_schema.schema", "is required, a JSON Schema object");
        bad("{'type':'json_schema','json_schema':{'name':'x','schema':{},'strict':'yes'}}",
                "response_format.json_schema.strict", "must be true or false");
    }

    @Test
    void aSchemaThatIsNotAJsonSchemaIsRefusedWithWhere() {
        bad("{'type':'json_schema','json_schema':{'name':'x','schema':{'type':'strin'}}}",
                "response_format.json_schema.schema", "not a valid JSON Schema: at $.type:");
        bad("{'type':'json_schema','json_schema':{'name':'x','schema':{'type':'object','properties':"
                + "{'a':{'minimum':'ten'}}}}}", "response_format.json_schema.schema",
                "not a valid JSON Schema: at $.properties.a.minimum: number expected, got string");
        bad("{'type':'json_schema','json_schema':{'name':'x','schema':{'$ref':'#/nowhere'}}}",
                "response_format.json_schema.schema", "not a valid JSON Schema");
    }

    private static void bad(String rf, String field, String reason) {
        assertThatThrownBy(() -> Expectation.fromResponseFormat(json(rf)))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.field()).isEqualTo(field);
                    assertThat(e.reason()).contains(reason);
                });
    }

    @Test
    void strategyIdsRoundTripAndUnknownOnesAreNamed() {
        for (Strategy s : Strategy.values()) {
            assertThat(Strategy.fromId(s.id())).isEqualTo(s);
        }
        assertThat(Strategy.ALL).extracting(Strategy::id)
                .containsExactly("strict_json", "extracted_json", "key_value", "flexible", "reprompt");
        assertThatThrownBy(() -> Strategy.fromId("yaml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown strategy 'yaml'; known: [strict_json, extracted_json, key_value, flexible, "
                        + "reprompt]");
    }
}
