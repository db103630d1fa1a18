package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.cache.CachedAnswer;
import dev.switchboard.engine.cache.Tier;
import dev.switchboard.engine.cache.TieredCache;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.CacheKey;
import dev.switchboard.engine.request.CacheKeys;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Choice;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.request.StreamAssembler;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.ToolCall;
import dev.switchboard.testsupport.MutableClock;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams through the whole engine, and answers richer than one text (tool calls, several choices) in every tier. */
class EngineStreamTest {
    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").prompt(prompt).temperature(0.0).maxTokens(64).build();
    }

    @Test
    void aStreamDeliversTheAnswerInDeltasAndIsCachedOnceComplete() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            List<StreamDelta> deltas = new ArrayList<>();
            ChatResult first = engine.submitStream(ask("Stream me"), deltas::add);
            assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(deltas.size()).isGreaterThan(2);
            assertThat(deltas.get(deltas.size() - 1).finishReason()).isEqualTo(Choice.STOP);
            StreamAssembler whole = new StreamAssembler();
            deltas.forEach(whole::add);
            assertThat(whole.choices().get(0).text()).isEqualTo(first.answer());

            // The completed stream was cached: a plain request and a second stream both hit L1.
            assertThat(engine.submit(ask("Stream me")).servedBy()).isEqualTo(ServedBy.L1);
            List<StreamDelta> replay = new ArrayList<>();
            ChatResult again = engine.submitStream(ask("Stream me"), replay::add);
            assertThat(again.servedBy()).isEqualTo(ServedBy.L1);
            StreamAssembler replayed = new StreamAssembler();
            replay.forEach(replayed::add);
            assertThat(replayed.choices().get(0).text()).isEqualTo(first.answer());
            assertThat(engine.snapshot().providerCalls()).isEqualTo(1);
        }
    }

    @Test
    void aCallerThatGoesAwayStopsTheStreamAndNothingIsCached() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            int[] seen = {0};
            try {
                engine.submitStream(ask("Leave early"), d -> {
                    if (++seen[0] == 2) {
                        throw new IllegalStateException("client disconnected");
                    }
                });
            } catch (IllegalStateException expected) {
                assertThat(expected).hasMessage("client disconnected");
            }
            assertThat(seen[0]).isEqualTo(2);
            assertThat(engine.submit(ask("Leave early")).servedBy()).isEqualTo(ServedBy.PROVIDER);
        }
    }

    private static final List<Choice> TOOL_ANSWER = List.of(
            new Choice(0, "", List.of(new ToolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")), Choice.TOOL_CALLS),
            new Choice(1, "It is sunny.", List.of(), Choice.LENGTH));

    private static void roundTrip(SwitchboardConfig cfg, Tier tier) {
        MutableClock clock = new MutableClock();
        TieredCache cache = TieredCache.open(cfg::tiers, clock, "test");
        try {
            CacheKey key = CacheKeys.of(ask("weather " + tier + " " + System.nanoTime()), "v1");
            cache.store(key, new CachedAnswer("", "gpt-4o-mini", 10, 20, 0.001, clock.millis(), clock.millis(),
                    TOOL_ANSWER));
            cache.awaitWrites(Duration.ofSeconds(10));
            CachedAnswer back = cache.peek(tier, key);
            assertThat(back.allChoices()).isEqualTo(TOOL_ANSWER);
            CachedAnswer plain = new CachedAnswer("hi", "gpt-4o-mini", 1, 1, 0, clock.millis(), clock.millis(),
                    List.of(Choice.text("hi")));
            assertThat(plain.choices()).as("a plain answer stores no detail").isNull();
        } finally {
            cache.close();
        }
    }

    @Test
    void toolCallsAndSeveralChoicesSurviveL3(@TempDir Path dir) {
        roundTrip(TestConfigs.l1AndH2(dir), Tier.L3);
    }

    @Test
    void toolCallsAndSeveralChoicesSurviveL2AndPostgres() {
        SwitchboardConfig team = TestConfigs.team();
        roundTrip(team, Tier.L2);
        roundTrip(team, Tier.L3);
    }
}
