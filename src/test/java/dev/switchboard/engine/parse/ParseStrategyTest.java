package dev.switchboard.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParseStrategyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Strategy> ALL = Strategy.ALL;
    private final OutputParser parser = new OutputParser();

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static final Expectation PRODUCT = new Expectation.JsonSchema("product", json("""
            {'type':'object','required':['name','price','in_stock'],'properties':{
              'name':{'type':'string'},'price':{'type':'number'},'qty':{'type':'integer'},
              'in_stock':{'type':'boolean'},'tags':{'type':'array','items':{'type':'string'}},
              'note':{'type':['string','null']},
              'sentiment':{'type':'string','enum':['positive','negative']}}}"""));
    static final Expectation INVOICE = new Expectation.JsonSchema("invoice", json("""
            {'type':'object','required':['items'],'properties':{'items':{'type':'array','items':{
              'type':'object','required':['sku','price'],'properties':{'sku':{'type':'string'},
              'price':{'type':'integer'}}}}}}"""));

    @Test
    void strictJsonTakesACleanAnswer() {
        Parsed p = parser.parse("  {\"name\":\"Lamp\",\"price\":12.5,\"in_stock\":true}\n", PRODUCT, ALL);
        assertThat(p.ok()).isTrue();
        assertThat(p.strategy()).isEqualTo(Strategy.STRICT_JSON);
        assertThat(p.failures()).isEmpty();
        assertThat(p.value().get("price").asDouble()).isEqualTo(12.5);
    }

    @Test
    void strictJsonRefusesProseWithAReasonAndTheNextStrategyTakesIt() {
        Parsed p = parser.parse("Here is the result: {\"name\":\"Lamp\",\"price\":3,\"in_stock\":false} Let me "
                + "know if you need more.", PRODUCT, ALL);
        assertThat(p.strategy()).isEqualTo(Strategy.EXTRACTED_JSON);
        assertThat(p.failures()).extracting(Attempt::strategy).containsExactly(Strategy.STRICT_JSON);
        assertThat(p.failures().get(0).reason()).startsWith("not JSON");
    }

    @Test
    void extractedJsonReadsAFencedBlock() {
        Parsed p = parser.parse("Sure!\n```json\n{\n  \"name\": \"Lamp\",\n  \"price\": 3,\n  \"in_stock\": true\n}\n```\n",
                PRODUCT, ALL);
        assertThat(p.strategy()).isEqualTo(Strategy.EXTRACTED_JSON);
        assertThat(p.value().get("name").asText()).isEqualTo("Lamp");
    }

    @Test
    void extractedJsonSkipsABracketedAsideBeforeTheObject() {
        Parsed p = parser.parse("Use [brackets] sparingly. {\"name\":\"Lamp\",\"price\":3,\"in_stock\":true}",
                PRODUCT, ALL);
        assertThat(p.strategy()).isEqualTo(Strategy.EXTRACTED_JSON);
        assertThat(p.value().get("in_stock").asBoolean()).isTrue();
    }

    @Test
    void eachRepairIsApplied() {
        String[] broken = {
            "{\"name\": \"Lamp\", \"price\": 3, \"in_stock\": true,}",
            "{'name': 'Lamp', 'price': 3, 'in_stock': true}",
            "{name: \"Lamp\", price: 3, in_stock: true}",
            "{\"name\": \"Lamp\", // the product\n \"price\": 3, \"in_stock\": true}",
            "{\"name\": \"Lamp\", /* price in USD */ \"price\": 3, \"in_stock\": true}",
            "{\"name\": \"Lamp\", \"price\": 3, \"in_stock\": True, \"note\": None}",
        };
        for (String b : broken) {
            Parsed p = parser.parse("The answer: " + b, PRODUCT, ALL);
            assertThat(p.strategy()).as(b).isEqualTo(Strategy.EXTRACTED_JSON);
            assertThat(p.value().get("name").asText()).as(b).isEqualTo("Lamp");
            assertThat(p.value().get("in_stock").asBoolean()).as(b).isTrue();
        }
    }

    @Test
    void pythonLiteralsInsideStringsStayAsWritten() {
        Parsed p = parser.parse("{'name': 'True None', 'price': 1, 'in_stock': False}", PRODUCT, ALL);
        assertThat(p.value().get("name").asText()).isEqualTo("True None");
        assertThat(p.value().get("in_stock").asBoolean()).isFalse();
    }

    @Test
    void nestedObjectsReportTheFailingPath() {
        Parsed p = parser.parse("{\"items\":[{\"sku\":\"a\",\"price\":1},{\"sku\":\"b\",\"price\":2},"
                + "{\"sku\":\"c\",\"price\":\"x\"}]}", INVOICE, List.of(Strategy.STRICT_JSON));
        assertThat(p.ok()).isFalse();
        assertThat(p.failedPath()).isEqualTo("$.items[2].price");
        assertThat(p.failedReason()).isEqualTo("integer expected, got string");
        assertThat(p.tried()).containsExactly("strict_json: $.items[2].price: integer expected, got string");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        Parsed p = parser.parse("{\"name\":\"Lamp\",\"in_stock\":true}", PRODUCT, ALL);
        assertThat(p.ok()).isFalse();
        assertThat(p.failedPath()).isEqualTo("$.price");
        assertThat(p.failedReason()).isEqualTo("required, missing");
    }

    @Test
    void arraysAtTopLevel() {
        Expectation list = new Expectation.JsonSchema("list", json("{'type':'array','items':{'type':'integer'}}"));
        assertThat(parser.parse("[1, 2, 3]", list, ALL).strategy()).isEqualTo(Strategy.STRICT_JSON);
        Parsed p = parser.parse("The numbers are [1, 2, 3,] as asked.", list, ALL);
        assertThat(p.strategy()).isEqualTo(Strategy.EXTRACTED_JSON);
        assertThat(p.value()).hasSize(3);
    }

    @Test
    void jsonObjectExpectsAnObject() {
        Expectation o = new Expectation.JsonObject();
        assertThat(parser.parse("{\"a\":1}", o, ALL).ok()).isTrue();
        Parsed p = parser.parse("[1]", o, List.of(Strategy.STRICT_JSON));
        assertThat(p.failedReason()).isEqualTo("object expected, got array");
    }

    @Test
    void keyValueLinesAreTypedByTheSchema() {
        Parsed p = parser.parse("""
                name: Desk lamp
                price: 19.99
                qty: 1,200
                in_stock: yes
                tags: office, light, "led"
                note: null
                sentiment: Positive
                """, PRODUCT, ALL);
        assertThat(p.strategy()).isEqualTo(Strategy.KEY_VALUE);
        JsonNode v = p.value();
        assertThat(v.get("name").asText()).isEqualTo("Desk lamp");
        assertThat(v.get("price").isNumber()).isTrue();
        assertThat(v.get("qty").asLong()).isEqualTo(1200);
        assertThat(v.get("in_stock").asBoolean()).isTrue();
        assertThat(v.get("tags")).extracting(JsonNode::asText).containsExactly("office", "light", "led");
        assertThat(v.get("note").isNull()).isTrue();
        assertThat(v.get("sentiment").asText()).isEqualTo("positive");
    }

    @Test
    void keyValueWithAValueThatWillNotConvertFailsAtItsPath() {
        Parsed p = parser.parse("name: Lamp\nprice: cheap\nin_stock: true\n", PRODUCT,
                List.of(Strategy.KEY_VALUE));
        assertThat(p.ok()).isFalse();
        assertThat(p.failedPath()).isEqualTo("$.price");
        assertThat(p.failedReason()).isEqualTo("number expected, got string");
    }

    @Test
    void keyValueForFields() {
        Expectation f = new Expectation.Fields(List.of("city", "country"));
        Parsed p = parser.parse("city: Lyon\ncountry: France\n", f, ALL);
        assertThat(p.strategy()).isEqualTo(Strategy.KEY_VALUE);
        assertThat(p.value().get("country").asText()).isEqualTo("France");
        Parsed missing = parser.parse("city: Lyon\n", f, List.of(Strategy.KEY_VALUE));
        assertThat(missing.failedPath()).isEqualTo("$.country");
    }

    @Test
    void flexibleTakesOtherDelimitersBulletsAndBoldKeys() {
        Parsed p = parser.parse("""
                Here you go:
                - **Name**: Desk lamp
                * Price = 19.99
                • In Stock → true
                - Qty - 3
                """, PRODUCT, ALL);
        assertThat(p.strategy()).isEqualTo(Strategy.FLEXIBLE);
        assertThat(p.failures()).extracting(Attempt::strategy)
                .containsExactly(Strategy.STRICT_JSON, Strategy.EXTRACTED_JSON, Strategy.KEY_VALUE);
        assertThat(p.value().get("name").asText()).isEqualTo("Desk lamp");
        assertThat(p.value().get("in_stock").asBoolean()).isTrue();
        assertThat(p.value().get("qty").asInt()).isEqualTo(3);
    }

    @Test
    void flexibleMatchesKeysIgnoringCaseAndSpacesAndReadsTables() {
        Expectation f = new Expectation.Fields(List.of("unit_price", "city"));
        Parsed rows = parser.parse("| Field | Value |\n|---|---|\n| Unit Price | 4 |\n| CITY | Oslo |\n", f, ALL);
        assertThat(rows.strategy()).isEqualTo(Strategy.FLEXIBLE);
        assertThat(rows.value().get("unit_price").asText()).isEqualTo("4");
        assertThat(rows.value().get("city").asText()).isEqualTo("Oslo");
        Parsed header = parser.parse("| Name | Price | In stock |\n|---|---|---|\n| Lamp | 3 | no |\n", PRODUCT, ALL);
        assertThat(header.strategy()).isEqualTo(Strategy.FLEXIBLE);
        assertThat(header.value().get("in_stock").asBoolean()).isFalse();
        assertThat(header.value().get("price").asInt()).isEqualTo(3);
    }

    @Test
    void refusalsAreToldApart() {
        for (String r : List.of("I'm sorry, but I can't help with that.", "I cannot help with that.",
                "Sorry, I am unable to do this.")) {
            Parsed p = parser.parse(r, PRODUCT, ALL);
            assertThat(p.ok()).isFalse();
            assertThat(p.refusal()).as(r).isTrue();
            assertThat(p.failedReason()).isEqualTo("refusal");
            assertThat(p.failures()).extracting(Attempt::reason).containsOnly("refusal");
            assertThat(p.failures()).hasSize(4);
        }
    }

    @Test
    void truncatedJsonIsNotRepairedByAnyStrategy() {
        Parsed p = parser.parse("{\"name\":\"Lamp\",\"price\":3,\"in_st", PRODUCT, ALL);
        assertThat(p.ok()).isFalse();
        assertThat(p.refusal()).isFalse();
        assertThat(p.failures()).hasSize(4);
        assertThat(p.failures().get(1).reason()).isEqualTo("no complete JSON found (cut off?)");
    }

    @Test
    void theChainRunsOnlyTheGivenStrategiesInTheirOrder() {
        Parsed p = parser.parse("name: Lamp\nprice: 3\nin_stock: true\n", PRODUCT,
                List.of(Strategy.FLEXIBLE, Strategy.STRICT_JSON, Strategy.REPROMPT));
        assertThat(p.strategy()).isEqualTo(Strategy.FLEXIBLE);
        Parsed none = parser.parse("name: Lamp\nprice: 3\nin_stock: true\n", PRODUCT,
                List.of(Strategy.STRICT_JSON, Strategy.REPROMPT));
        assertThat(none.ok()).isFalse();
        assertThat(none.failures()).extracting(Attempt::strategy).containsExactly(Strategy.STRICT_JSON);
    }

    @Test
    void repromptFollowUpCarriesTheErrorsAndTheSchema() {
        Parsed bad = parser.parse("{\"name\":\"Lamp\",\"in_stock\":true}", PRODUCT, ALL);
        var original = List.of(dev.switchboard.engine.request.Message.user("describe the lamp"));
        var msgs = Reprompt.followUp(original, "{\"name\":\"Lamp\",\"in_stock\":true}", PRODUCT, bad);
        assertThat(msgs).hasSize(3);
        assertThat(msgs.get(1).role()).isEqualTo("assistant");
        assertThat(msgs.get(2).content()).startsWith(Reprompt.MARKER).contains("$.price: required, missing")
                .contains("\"required\":[\"name\",\"price\",\"in_stock\"]");
        var req = dev.switchboard.engine.request.ChatRequest.builder().model("m").messages(msgs).build();
        assertThat(Reprompt.isFollowUp(req)).isTrue();
        assertThat(Reprompt.isFollowUp(req.toBuilder().messages(original).build())).isFalse();
        var fields = Reprompt.followUp(original, "x", new Expectation.Fields(List.of("a", "b")),
                parser.parse("x", new Expectation.Fields(List.of("a", "b")), ALL));
        assertThat(fields.get(2).content()).contains("fields").contains("a, b");
    }
}
