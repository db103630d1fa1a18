package dev.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.engine.cache.semantic.SemanticCache;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.cache.semantic.SemanticSnapshot;
import dev.switchboard.engine.config.NamespacePolicy;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.Message;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Engines;
import dev.switchboard.testsupport.TestConfigs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The semantic cache in the request path: step 5, after the exact tiers missed, with the real embedding model. */
class SemanticEngineTest {
    private static SwitchboardConfig config() {
        return TestConfigs.l1Only().withSemantic(SemanticSettings.defaults().withThreshold(0.85).withEnabled(true));
    }


    private static ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").system("Be brief.").prompt(prompt).temperature(0.0)
                .maxTokens(128).build();
    }

    @Test
    void aParaphraseGetsTheCachedAnswerUnderItsKey() throws Exception {
        try (Engine engine = Engines.withSemanticReady(config())) {
            ChatResult first = engine.submit(ask("How can I learn Python quickly?"));
            assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);
            ChatResult again = engine.submit(ask("How can I learn Python fast?"));
            assertThat(again.servedBy()).isEqualTo(ServedBy.SEMANTIC);
            assertThat(again.answer()).isEqualTo(first.answer());
            assertThat(again.cacheKey()).as("the answer's own key, for attribution").isEqualTo(first.cacheKey());
            assertThat(again.route()).singleElement().asString().startsWith("semantic: 0.")
                    .contains("How can I learn Python quickly?");
            assertThat(again.costUsd()).isZero();
            assertThat(again.costSavedUsd()).isEqualTo(first.costUsd());

            SemanticSnapshot s = engine.snapshot().semantic();
            assertThat(s.hits()).isEqualTo(1);
            assertThat(s.stored()).isEqualTo(1);
            assertThat(s.entries()).isEqualTo(1);
            assertThat(s.meanHitSimilarity()).isGreaterThan(0.85);
            assertThat(s.recent().get(0).outcome()).isEqualTo("HIT");
            assertThat(engine.snapshot().traffic().servedBy()).containsEntry(ServedBy.SEMANTIC, 1L);
        }
    }

    @Test
    void aDifferentNumberIsRefusedAndSaysWhy() throws Exception {
        try (Engine engine = Engines.withSemanticReady(config())) {
            engine.submit(ask("What is 2+2?"));
            ChatResult other = engine.submit(ask("What is 2+3?"));
            assertThat(other.servedBy()).isEqualTo(ServedBy.PROVIDER);
            SemanticSnapshot s = engine.snapshot().semantic();
            assertThat(s.refused()).containsKey("number");
            assertThat(s.recent().get(0).candidate()).isEqualTo("What is 2+2?");
            assertThat(s.recent().get(0).reason()).isEqualTo("number");
        }
    }

    @Test
    void anotherSystemPromptIsAnotherPartition() throws Exception {
        try (Engine engine = Engines.withSemanticReady(config())) {
            engine.submit(ask("How can I learn Python quickly?"));
            ChatResult other = engine.submit(ask("How can I learn Python fast?").toBuilder()
                    .system("Answer in French.").build());
            assertThat(other.servedBy()).isEqualTo(ServedBy.PROVIDER);
            ChatResult hotter = engine.submit(ask("How can I learn Python fast?").toBuilder().temperature(0.9)
                    .build());
            assertThat(hotter.servedBy()).isEqualTo(ServedBy.PROVIDER);
        }
    }

    @Test
    void toolsLongConversationsAndNoStoreNamespacesAreSkipped() throws Exception {
        SwitchboardConfig cfg = config().withNamespacePolicy("private", NamespacePolicy.NO_STORE);
        try (Engine engine = Engines.withSemanticReady(cfg)) {
            engine.submit(ask("How can I learn Python quickly?"));
            ChatRequest tools = ask("How can I learn Python fast?").toBuilder()
                    .tools(new ObjectMapper().readTree("[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]"))
                    .build();
            assertThat(engine.submit(tools).servedBy()).isEqualTo(ServedBy.PROVIDER);
            ChatRequest longTalk = ask("x").toBuilder().messages(List.of(Message.user("Hello"),
                    new Message("assistant", "Hi!"), Message.user("How can I learn Python fast?"))).build();
            assertThat(engine.submit(longTalk).servedBy()).isEqualTo(ServedBy.PROVIDER);
            ChatRequest secret = ask("How can I learn Python fast?").toBuilder().namespace("private").build();
            assertThat(engine.submit(secret).servedBy()).isEqualTo(ServedBy.PROVIDER);
            SemanticSnapshot s = engine.snapshot().semantic();
            assertThat(s.skipped()).containsEntry(SemanticCache.SKIP_TOOLS, 1L)
                    .containsEntry(SemanticCache.SKIP_TURNS, 1L);
            assertThat(s.lookups()).as("the no-store namespace is not even looked up").isEqualTo(1);
        }
    }

    @Test
    void invalidatingTheAnswerRemovesTheEntry() throws Exception {
        try (Engine engine = Engines.withSemanticReady(config())) {
            ChatResult first = engine.submit(ask("How can I learn Python quickly?"));
            engine.cache().invalidate(first.cacheKey());
            assertThat(engine.snapshot().semantic().entries()).isZero();
            assertThat(engine.submit(ask("How can I learn Python fast?")).servedBy()).isEqualTo(ServedBy.PROVIDER);

            engine.submit(ask("How do I bake sourdough bread?"));
            engine.cache().invalidateVersion("gpt-4o-mini", "2024-07-18");
            assertThat(engine.snapshot().semantic().entries()).isZero();
        }
    }

    @Test
    void offByDefault() {
        try (Engine engine = Engine.start(TestConfigs.l1Only())) {
            engine.submit(ask("How can I learn Python quickly?"));
            assertThat(engine.submit(ask("How can I learn Python fast?")).servedBy()).isEqualTo(ServedBy.PROVIDER);
            assertThat(engine.snapshot().semantic().lookups()).isZero();
        }
    }
}
