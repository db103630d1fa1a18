package dev.switchboard.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.engine.error.ProviderAuthException;
import dev.switchboard.engine.request.ChatRequest;
import dev.switchboard.testsupport.upstream.MockOpenAi;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** A provider that refuses Switchboard's key puts one red banner up, naming the provider and never the key. */
@ExtendWith(ApplicationExtension.class)
class ProviderAlertGuiTest {
    @TempDir
    Path dir;

    private MockOpenAi upstream;
    private GuiSupport.Console console;

    @Start
    void start(Stage stage) throws Exception {
        upstream = new MockOpenAi().expectKey("sk-the-right-key");
        // The config names an environment variable that is not set: every call is refused before it is made.
        console = GuiSupport.open(stage, dir.resolve("alert.yaml"), """
                tiers:
                  l1: {enabled: true}
                  l3: {enabled: false}
                ledger: {enabled: false}
                providers:
                  openai: {kind: openai, base_url: "%s", api_key: "${SB_TEST_KEY_THAT_IS_NOT_SET}"}
                models:
                  gpt-4o-mini: {version: "1", provider: openai, input_per_1m: 0.15, output_per_1m: 0.60}
                resilience:
                  retry: {max_attempts: 1}
                """.formatted(upstream.baseUrl()));
    }

    @AfterEach
    void stop() throws Exception {
        console.close();
        upstream.close();
    }

    @Test
    void aRefusedKeyIsAlertedOnceNamingTheProvider() throws Exception {
        for (int i = 0; i < 3; i++) {
            Throwable t = catchThrowable(() -> console.engine().submit(ChatRequest.builder().model("gpt-4o-mini")
                    .prompt("hello").build()));
            assertThat(t).isInstanceOf(ProviderAuthException.class);
        }
        Notifier notifier = console.view().context().notifier();
        GuiSupport.await("the provider alert", () -> notifier.lastMessage() != null
                && notifier.lastMessage().startsWith("Provider: provider 'openai' refused its credentials"));
        assertThat(notifier.lastMessage()).contains("SB_TEST_KEY_THAT_IS_NOT_SET").doesNotContain("sk-the-right-key");
        assertThat(console.engine().snapshot().providerAuthFailures()).containsOnlyKeys("openai");
        assertThat(upstream.requestCount()).as("no call is made without a key").isZero();
    }
}
