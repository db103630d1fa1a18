package dev.switchboard.engine.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.Message;
import dev.switchboard.testsupport.FakeTicker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The step recorder: offsets and durations on the injected ticker, nesting, and the kept prompt's cut. */
class StepsTest {
    @Test
    void stepsAreTimedOnTheTickerFromTheRequestsStart() {
        FakeTicker t = new FakeTicker();
        Steps s = Steps.open(t);
        try {
            assertThat(Steps.current()).isSameAs(s);
            t.advance(Duration.ofMillis(2));
            long began = s.now();
            t.advance(Duration.ofMillis(5));
            s.add("provider gpt-4o", began, null);
            s.mark();
            t.advance(Duration.ofMillis(1));
            s.marked("cache.l2", "miss");
            Steps inner = Steps.open(t); // a request made inside a step of another
            inner.close();
            assertThat(Steps.current()).isSameAs(s);
        } finally {
            s.close();
        }
        assertThat(Steps.current()).isNull();
        RequestDetail d = s.failed(new dev.switchboard.engine.error.TimedOutException("gpt-4o", Duration.ofSeconds(1)));
        assertThat(d.steps()).containsExactly(new Step("provider gpt-4o", 2_000_000, 5_000_000, null),
                new Step("cache.l2", 7_000_000, 1_000_000, "miss"));
        assertThat(d.withheld()).startsWith("not kept");
        assertThat(d.prompt()).isNull();
    }

    @Test
    void aTimelineIsBounded() {
        FakeTicker t = new FakeTicker();
        Steps s = Steps.open(t);
        s.close();
        for (int i = 0; i < 500; i++) {
            s.add("provider gpt-4o", s.now(), "upstream_unavailable");
        }
        assertThat(s.failed(new dev.switchboard.engine.error.TimedOutException("gpt-4o", Duration.ofSeconds(1)))
                .steps()).hasSize(Steps.MAX_STEPS);
    }

    @Test
    void thePromptIsKeptRoleByRoleAndCutWithoutSplittingACharacter() {
        ChatRequest short_ = ChatRequest.builder().model("m").system("be brief").messages(List.of(
                new Message("user", "hi"), new Message("assistant", "hello"), new Message("user", "more"))).build();
        assertThat(Steps.prompt(short_)).isEqualTo("system: be brief\nuser: hi\nassistant: hello\nuser: more");

        String big = "x".repeat(Steps.KEEP_CHARS - 7) + "\uD83D\uDE00" + "y".repeat(5_000);
        String kept = Steps.prompt(ChatRequest.builder().model("m").prompt(big).build());
        int total = "user: ".length() + big.length();
        // "user: " and KEEP_CHARS - 7 x's leave one place: not enough for the emoji's two chars.
        assertThat(kept).startsWith("user: xxx").doesNotContain("\uD83D").doesNotContain("y")
                .endsWith("… (" + (total - (Steps.KEEP_CHARS - 1)) + " more characters not kept)");
        assertThat(Steps.cut("z".repeat(Steps.KEEP_CHARS + 10))).endsWith("… (10 more characters not kept)");
        assertThat(Steps.cut("short")).isEqualTo("short");
    }
}
