package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.error.GuardrailBlockedException;
import dev.switchboard.engine.guard.GuardSnapshot;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.engine.request.StreamDelta;
import dev.switchboard.engine.request.StreamObserver;
import dev.switchboard.testsupport.TestConfigs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Steps 1 and 9 in the request path: input guards before the key, output guards on the way out. */
class GuardEngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Engine engine(String guards) {
        return Engine.start(TestConfigs.parse(TestConfigs.L1_ONLY + guards));
    }

    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").prompt(prompt).build();
    }

    @Test
    void redactionHappensBeforeTheKeyAndTheCall() {
        try (Engine engine = engine("guards: {input: {pii: redact}}\n")) {
            ChatResult r = engine.submit(ask("Write to ann.lee@example.com about the invoice"));
            assertThat(r.route()).contains("guard: pii.email redacted in messages[0].content at 9-28");
            // The key was made from the redacted text: the same prompt with the placeholder is an exact hit.
            ChatResult same = engine.submit(ask("Write to [EMAIL] about the invoice"));
            assertThat(same.servedBy()).isEqualTo(ServedBy.L1);
            assertThat(same.answer()).isEqualTo(r.answer());
            GuardSnapshot g = engine.snapshot().guards();
            assertThat(g.redacted()).isEqualTo(1);
            assertThat(g.byRule()).containsKey("pii.email");
        }
    }

    @Test
    void aBlockedRequestNamesRuleFieldAndSpanButNotTheText() {
        try (Engine engine = engine("guards: {input: {pii: block}}\n")) {
            assertThatThrownBy(() -> engine.submit(ask("My card is 4111 1111 1111 1111, charge it")))
                    .isInstanceOfSatisfying(GuardrailBlockedException.class, e -> {
                        assertThat(e.kind()).isEqualTo("guardrail_blocked");
                        assertThat(e.rule()).isEqualTo("pii.card");
                        assertThat(e.field()).isEqualTo("messages[0].content");
                        assertThat(e.start()).isEqualTo(11);
                        assertThat(e.getMessage()).doesNotContain("4111");
                    });
            assertThat(engine.snapshot().providerCalls()).isZero();
            assertThat(engine.snapshot().guards().blocked()).isEqualTo(1);
            assertThat(engine.snapshot().traffic().failures()).containsEntry("guardrail_blocked", 1L);
        }
    }

    @Test
    void aNamespaceOverridesTheDefaults() {
        String guards = """
                guards:
                  input: {pii: block}
                  namespaces:
                    support: {input: {pii: flag}}
                """;
        try (Engine engine = engine(guards)) {
            ChatResult r = engine.submit(ask("Call me on +44 20 7946 0958").toBuilder().namespace("support").build());
            assertThat(r.route()).anySatisfy(n -> assertThat(n).startsWith("guard: pii.phone flagged"));
            assertThatThrownBy(() -> engine.submit(ask("Call me on +44 20 7946 0958")))
                    .isInstanceOf(GuardrailBlockedException.class);
        }
    }

    @Test
    void parsedAnswersAreGuardedValueByValueAndStayJson() throws Exception {
        String yaml = """
                guards: {output: {pii: redact}}
                """;
        String schema = """
                {"type": "json_schema", "json_schema": {"name": "contact", "schema": {
                  "type": "object", "required": ["name", "email"],
                  "properties": {"name": {"type": "string"}, "email": {"type": "string", "format": "email"}}}}}
                """;
        try (Engine engine = engine(yaml)) {
            ChatResult r = engine.submit(ask("Who do I contact?").toBuilder().responseFormat(JSON.readTree(schema))
                    .build());
            assertThat(r.output().parsed()).isTrue();
            assertThat(r.output().value().get("email").asText()).isEqualTo("[EMAIL]");
            assertThat(JSON.readTree(r.answer()).get("email").asText()).isEqualTo("[EMAIL]");
            assertThat(r.route()).anySatisfy(n -> assertThat(n).startsWith("guard: pii.email redacted in output $.email"));
        }
    }

    @Test
    void aStreamIsSentWholeWhereAnswersAreRedacted() throws Exception {
        String schema = """
                {"type": "json_schema", "json_schema": {"name": "contact", "schema": {
                  "type": "object", "required": ["email"],
                  "properties": {"email": {"type": "string", "format": "email"}}}}}
                """;
        try (Engine engine = engine("guards: {output: {pii: redact}}\n")) {
            List<String> deltas = new ArrayList<>();
            ChatResult r = engine.submitStream(ask("Contact?").toBuilder().responseFormat(JSON.readTree(schema)).build(),
                    new StreamObserver() {
                        @Override
                        public void onStart(ServedBy by, dev.switchboard.engine.request.CacheKey key) {
                        }

                        @Override
                        public void onDelta(StreamDelta d) {
                            if (d.text() != null) {
                                deltas.add(d.text());
                            }
                        }
                    });
            assertThat(String.join("", deltas)).isEqualTo(r.answer()).contains("[EMAIL]").doesNotContain("@");
        }
    }
}
