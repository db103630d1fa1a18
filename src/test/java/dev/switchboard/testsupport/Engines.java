package dev.switchboard.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.engine.Engine;
import dev.switchboard.engine.config.SwitchboardConfig;
import java.time.Duration;

/** Engines as tests need them. */
public final class Engines {
    private Engines() {
    }

    /**
     * An engine once its semantic cache's embedder answers: it loads beside the start, and lookups skip until then,
     * so a test that counts hits waits for it first.
     */
    public static Engine withSemanticReady(SwitchboardConfig cfg) throws InterruptedException {
        Engine e = Engine.start(cfg);
        assertThat(e.semantic().awaitLoaded(Duration.ofSeconds(60))).as("embedder ready").isTrue();
        return e;
    }
}
