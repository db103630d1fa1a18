package dev.switchboard.console.playground;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.request.StructuredOutput;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructuredViewTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theResponseFormatNamesTheSchemaFromTheConfig() throws Exception {
        var schema = JSON.readTree("{\"type\":\"object\",\"required\":[\"id\"]}");
        assertThat(StructuredView.responseFormat("none", Map.of())).isNull();
        assertThat(StructuredView.responseFormat("json_object", Map.of()).toString())
                .isEqualTo("{\"type\":\"json_object\"}");
        assertThat(StructuredView.responseFormat("order", Map.of("order", schema)).toString()).isEqualTo(
                "{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"order\",\"schema\":"
                        + "{\"type\":\"object\",\"required\":[\"id\"]}}}");
        assertThat(StructuredView.responseFormat("gone", Map.of())).isNull();
        assertThat(StructuredView.choices(List.of("order"))).containsExactly("none", "json_object", "order");
    }

    @Test
    void theHeadlineSaysWhichStrategyAndWhyEarlierOnesFailed() throws Exception {
        var out = new StructuredOutput("order", JSON.readTree("{\"id\":7}"), "extracted_json",
                List.of("strict_json: no JSON at offset 0"), 1, 0.000125);
        assertThat(StructuredView.headline(out)).isEqualTo("by extracted_json after 1 re-prompt costing $0.000125 (expected order)");
        assertThat(StructuredView.failures(out)).isEqualTo("Tried before: strict_json: no JSON at offset 0");
        assertThat(StructuredView.pretty(out.value())).isEqualTo("{\n  \"id\": 7\n}");
        var raw = new StructuredOutput("json_object", null, null, List.of("strict_json: x", "flexible: y"), 0, 0);
        assertThat(StructuredView.headline(raw)).startsWith("not parsed (expected json_object)");
    }
}
