package dev.switchboard.engine.telemetry.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.engine.Engine;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus rules shipped under sample-configs/observability parse, and name only
 * metrics a scrape can show, so a renamed metric cannot leave a panel or an alert silently empty.
 */
class ShippedObservabilityFilesTest {
    private static final Path DIR = Path.of("sample-configs/observability");
    private static final Pattern NAME = Pattern.compile("switchboard_[a-z0-9_]+");

    private static Set<String> namesIn(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static Set<String> known() {
        try (Engine engine = Engine.start(TestConfigs.l1Only()); EngineMetrics metrics = EngineMetrics.attach(engine)) {
            return metrics.sampleNames();
        }
    }

    @Test
    void theDashboardParsesAndNamesOnlyMetricsThatExist() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(DIR.resolve("grafana-dashboard.json").toFile());
        assertThat(dash.get("panels").size()).isGreaterThanOrEqualTo(10);
        StringBuilder exprs = new StringBuilder();
        for (JsonNode p : dash.get("panels")) {
            for (JsonNode t : p.get("targets")) {
                exprs.append(t.get("expr").asText()).append('\n');
            }
        }
        Set<String> used = namesIn(exprs.toString());
        assertThat(used).contains("switchboard_requests_total", "switchboard_request_duration_seconds_bucket",
                "switchboard_breaker_state", "switchboard_bucket_level", "switchboard_spend_usd",
                "switchboard_parse_strategy_results_total", "switchboard_guard_verdicts_total");
        assertThat(known()).containsAll(used);
    }

    @Test
    void theRulesParseAndNameOnlyMetricsThatExist() throws Exception {
        String text = Files.readString(DIR.resolve("prometheus-rules.yml"));
        JsonNode rules = new YAMLMapper().readTree(text);
        Set<String> alerts = new TreeSet<>();
        for (JsonNode r : rules.at("/groups/0/rules")) {
            if (r.has("alert")) {
                alerts.add(r.get("alert").asText());
                assertThat(r.get("expr").asText()).as(r.get("alert").asText()).isNotBlank();
            }
        }
        assertThat(alerts).contains("SwitchboardModelErrorRateHigh", "SwitchboardLatencySlaBreached",
                "SwitchboardBreakerOpen", "SwitchboardSpendAnomaly");
        assertThat(known()).containsAll(namesIn(text));
        new YAMLMapper().readTree(DIR.resolve("prometheus.yml").toFile());
    }
}
