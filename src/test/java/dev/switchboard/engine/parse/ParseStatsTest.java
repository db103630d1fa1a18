package dev.switchboard.engine.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ParseStatsTest {
    private final OutputParser parser = new OutputParser();

    @Test
    void countsPerStrategyAndPerExpectation() {
        ParseStats stats = new ParseStats();
        Expectation o = new Expectation.JsonObject();
        // Recorded at HdrHistogram's two significant digits: figures come back within 1%.
        stats.record("json_object", parser.parse("{\"a\":1}", o, Strategy.ALL), 2_000);
        stats.record("json_object", parser.parse("Sure: {\"a\":1}", o, Strategy.ALL), 6_000);
        Parsed bad = parser.parse("no idea", o, Strategy.ALL);
        stats.record("json_object", bad, 9_000);
        stats.reprompted("json_object", 1_250);
        stats.repromptParsed();
        stats.record("json_object", parser.parse("{\"a\":2}", o, Strategy.ALL), 2_000);
        stats.record("product", parser.parse("I cannot help with that.", o, Strategy.ALL), 1_000);
        stats.rawReturned("product");

        ParseSnapshot s = stats.snapshot();
        assertThat(s.answers()).isEqualTo(5);
        assertThat(s.parsed()).isEqualTo(3);
        assertThat(s.reprompts()).isEqualTo(1);
        assertThat(s.failed()).isEqualTo(1);
        assertThat(s.repromptCostMicros()).isEqualTo(1_250);
        assertThat(s.parsedShare()).isEqualTo(0.6);
        ParseSnapshot.StrategyRow strict = s.strategies().get(0);
        assertThat(strict.id()).isEqualTo("strict_json");
        // Every answer counts an attempt of strict JSON; a refusal's strategies all fail as "refusal".
        assertThat(strict.attempts()).isEqualTo(5);
        assertThat(strict.successes()).isEqualTo(2);
        assertThat(strict.failures()).isEqualTo(3);
        assertThat(strict.p50Micros()).isCloseTo(2.0, within(0.05));
        ParseSnapshot.StrategyRow extracted = s.strategies().get(1);
        assertThat(extracted.successes()).isEqualTo(1);
        assertThat(extracted.p50Micros()).isCloseTo(6.0, within(0.05));
        assertThat(s.strategies().get(4)).extracting(ParseSnapshot.StrategyRow::id, ParseSnapshot.StrategyRow::attempts,
                ParseSnapshot.StrategyRow::successes).containsExactly("reprompt", 1L, 1L);
        assertThat(s.expectations()).extracting(ParseSnapshot.ExpectationRow::name)
                .containsExactly("json_object", "product");
        assertThat(s.expectations().get(1)).extracting(ParseSnapshot.ExpectationRow::failed,
                ParseSnapshot.ExpectationRow::rawReturned).containsExactly(1L, 1L);
    }

    @Test
    void snapshotsAccumulateAcrossPolls() {
        ParseStats stats = new ParseStats();
        Parsed ok = parser.parse("{}", new Expectation.JsonObject(), List.of(Strategy.STRICT_JSON));
        stats.record("x", ok, 3_000);
        assertThat(stats.snapshot().strategies().get(0).p50Micros()).isCloseTo(3.0, within(0.05));
        stats.record("x", ok, 3_000);
        ParseSnapshot second = stats.snapshot();
        assertThat(second.strategies().get(0).successes()).isEqualTo(2);
        assertThat(second.strategies().get(0).p50Micros()).as("the first poll's values are kept")
                .isCloseTo(3.0, within(0.05));
    }

    @Test
    void callerChosenNamesAreBounded() {
        ParseStats stats = new ParseStats();
        Parsed ok = parser.parse("{}", new Expectation.JsonObject(), List.of(Strategy.STRICT_JSON));
        for (int i = 0; i < ParseStats.MAX_NAMES + 50; i++) {
            stats.record("schema-" + i, ok, 1_000);
        }
        ParseSnapshot s = stats.snapshot();
        assertThat(s.expectations()).hasSizeLessThanOrEqualTo(ParseStats.MAX_NAMES + 1);
        assertThat(s.answers()).isEqualTo(ParseStats.MAX_NAMES + 50);
    }
}
