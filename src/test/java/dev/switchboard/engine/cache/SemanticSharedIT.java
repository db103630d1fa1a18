package dev.switchboard.engine.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.cache.semantic.SemanticSettings;
import dev.switchboard.engine.config.SwitchboardConfig;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.engine.request.ChatResult;
import dev.switchboard.engine.request.ServedBy;
import dev.switchboard.testsupport.Await;
import dev.switchboard.testsupport.Services;
import dev.switchboard.testsupport.Engines;
import dev.switchboard.testsupport.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Semantic entries outlive the process and reach the other instances: rows in L3 beside the answers, announced over
 * Redis, restored at start. Real Redis, PostgreSQL and H2.
 */
class SemanticSharedIT {
    /** A system prompt of this run's own, so rows of earlier runs (in the shared database) are other partitions. */
    private final String run = "Be brief. Run " + UUID.randomUUID();

    private static SwitchboardConfig semantic(SwitchboardConfig c) {
        return c.withSemantic(SemanticSettings.defaults().withThreshold(0.85).withEnabled(true));
    }


    private ChatRequest ask(String prompt) {
        return ChatRequest.builder().model("gpt-4o-mini").system(run).prompt(prompt).temperature(0.0).build();
    }

    @Test
    void anEntryStoredByOneInstanceAnswersOnTheOther() throws Exception {
        Services.requireRedis();
        Services.requirePostgres();
        try (Engine a = Engines.withSemanticReady(semantic(TestConfigs.team()));
             Engine b = Engines.withSemanticReady(semantic(TestConfigs.team()))) {
            Await.until(Duration.ofSeconds(5), "both instances subscribed",
                    () -> a.cache().isListening() && b.cache().isListening());
            // By key, not by count: b restores earlier runs' rows from the shared database in the background.
            ChatResult first = a.submit(ask("How can I learn Python quickly?"));
            assertThat(first.servedBy()).isEqualTo(ServedBy.PROVIDER);
            String key = first.cacheKey().value();
            Await.until(Duration.ofSeconds(10), "b learned the entry", () -> b.semantic().holds(key));
            a.cache().awaitWrites(Duration.ofSeconds(5));
            ChatResult onB = b.submit(ask("How can I learn Python fast?"));
            assertThat(onB.servedBy()).isEqualTo(ServedBy.SEMANTIC);
            assertThat(onB.answer()).isEqualTo(first.answer());

            a.cache().invalidate(first.cacheKey());
            Await.until(Duration.ofSeconds(5), "b forgot the entry", () -> !b.semantic().holds(key));
            assertThat(b.submit(ask("How do I learn Python fast?")).servedBy()).isEqualTo(ServedBy.PROVIDER);
        }
    }

    @Test
    void aRestartKeepsTheEntries(@TempDir Path dir) throws Exception {
        ChatResult first;
        try (Engine a = Engines.withSemanticReady(semantic(TestConfigs.l1AndH2(dir)))) {
            first = a.submit(ask("How can I learn Python quickly?"));
            a.cache().awaitWrites(Duration.ofSeconds(5));
        }
        try (Engine again = Engines.withSemanticReady(semantic(TestConfigs.l1AndH2(dir)))) {
            Await.until(Duration.ofSeconds(10), "entries restored", () -> again.snapshot().semantic().entries() == 1);
            ChatResult hit = again.submit(ask("How can I learn Python fast?"));
            assertThat(hit.servedBy()).as("the answer from L3, found by meaning").isEqualTo(ServedBy.SEMANTIC);
            assertThat(hit.answer()).isEqualTo(first.answer());
        }
    }
}
