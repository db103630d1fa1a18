package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.engine.error.InvalidRequestException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.telemetry.RequestEvent;
import dev.switchboard.testsupport.TestConfigs;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Listeners hear of every finished request, answered or failed, and cannot fail one. */
class RequestEventsTest {
    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").user("ann").prompt(prompt).build();
    }

    @Test
    void answeredAndFailedRequestsAreToldWithoutTheirText() {
        List<RequestEvent> seen = new CopyOnWriteArrayList<>();
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            engine.addRequestListener(seen::add);
            engine.submit(ask("hello there"));
            engine.submit(ask("hello there"));
            assertThatThrownBy(() -> engine.submit(ask("x").toBuilder().temperature(9.0).build()))
                    .isInstanceOf(InvalidRequestException.class);
        }
        assertThat(seen).hasSize(3);
        assertThat(seen.get(0).servedBy()).isEqualTo(ServedBy.PROVIDER);
        assertThat(seen.get(0).costMicros()).isPositive();
        assertThat(seen.get(1).servedBy()).isEqualTo(ServedBy.L1);
        assertThat(seen.get(2).outcome()).isEqualTo("invalid_request");
        assertThat(seen.get(2).failed()).isTrue();
        assertThat(seen).allSatisfy(e -> {
            assertThat(e.user()).isEqualTo("ann");
            assertThat(e.modelAsked()).isEqualTo("gpt-4o-mini");
            assertThat(e.toString()).doesNotContain("hello there");
        });
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheRequestStillAnswers() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            engine.addRequestListener(e -> {
                throw new IllegalStateException("listener bug");
            });
            assertThat(engine.submit(ask("still answered")).servedBy()).isEqualTo(ServedBy.PROVIDER);
        }
    }
}
