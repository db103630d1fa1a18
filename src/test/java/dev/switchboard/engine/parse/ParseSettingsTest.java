package dev.switchboard.engine.parse;

import static dev.switchboard.engine.parse.ParseStrategyTest.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.engine.request.ChatRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParseSettingsTest {
    private static final JsonNode CONTACT = json("{'type':'object','required':['email'],'properties':"
            + "{'email':{'type':'string','format':'email'}}}");

    @Test
    void defaults() {
        ParseSettings d = ParseSettings.defaults();
        assertThat(d.enabled()).isTrue();
        assertThat(d.chain()).containsExactlyElementsOf(Strategy.ALL);
        assertThat(d.maxReprompts()).isEqualTo(1);
        assertThat(d.reprompts()).isTrue();
        assertThat(d.rawOnFailure("any")).isFalse();
        assertThat(d.withChain(List.of(Strategy.STRICT_JSON)).reprompts()).isFalse();
    }

    @Test
    void badValuesNameTheirField() {
        bad(() -> ParseSettings.defaults().withChain(List.of()), "chain: must name at least one strategy");
        bad(() -> ParseSettings.defaults().withChain(List.of(Strategy.KEY_VALUE, Strategy.KEY_VALUE)),
                "chain: 'key_value' is listed twice");
        bad(() -> ParseSettings.defaults().withMaxReprompts(6), "max_reprompts: must be between 0 and 5, got 6");
        bad(() -> ParseSettings.defaults().withMaxReprompts(-1), "max_reprompts: must be between 0 and 5, got -1");
        bad(() -> new ParseSettings(true, Strategy.ALL, 1, Map.of("bad", json("{'type':'strin'}")), Map.of(), false),
                "schemas.bad: not a valid JSON Schema: at $.type:");
        bad(() -> new ParseSettings(true, Strategy.ALL, 1, Map.of("contact", CONTACT),
                Map.of("crm", new NamespaceParse("x", List.of(), false)), false),
                "namespaces.crm.schema: unknown schema 'x'; known: [contact]");
        bad(() -> new NamespaceParse("contact", List.of("a"), false), "fields: set schema or fields, not both");
        bad(() -> new NamespaceParse(null, List.of("a", "a"), false), "fields: a field is listed twice");
    }

    private static void bad(org.assertj.core.api.ThrowableAssert.ThrowingCallable c, String message) {
        assertThatThrownBy(c).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void expectationComesFromTheRequestFirstThenTheNamespace() {
        ParseSettings s = new ParseSettings(true, Strategy.ALL, 1, Map.of("contact", CONTACT),
                Map.of("crm", new NamespaceParse("contact", List.of(), true),
                        "kv", new NamespaceParse(null, List.of("city", "country"), false),
                        "raw", new NamespaceParse(null, List.of(), true)), false);
        ChatRequest.Builder b = ChatRequest.builder().model("m").prompt("hi");
        assertThat(s.expectationFor(b.namespace("crm").build()))
                .isEqualTo(new Expectation.JsonSchema("contact", CONTACT));
        assertThat(s.expectationFor(b.namespace("crm").responseFormat(json("{'type':'json_object'}")).build()))
                .isEqualTo(new Expectation.JsonObject());
        assertThat(s.expectationFor(b.namespace("kv").responseFormat(null).build()))
                .isEqualTo(new Expectation.Fields(List.of("city", "country")));
        assertThat(s.expectationFor(b.namespace("raw").build())).isNull();
        assertThat(s.expectationFor(b.namespace("other").build())).isNull();
        assertThat(s.rawOnFailure("crm")).isTrue();
        assertThat(s.rawOnFailure("kv")).isFalse();
        assertThat(s.rawOnFailure("other")).isFalse();
    }
}
