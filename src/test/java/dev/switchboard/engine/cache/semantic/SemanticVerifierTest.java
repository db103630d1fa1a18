package dev.switchboard.engine.cache.semantic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The verifier's word-level checks on the near misses embeddings cannot tell apart. */
class SemanticVerifierTest {
    private final Verifier all = new Verifier(Set.copyOf(Verifier.CHECKS));
    private final Verifier defaults = new Verifier(SemanticSettings.DEFAULT_CHECKS);

    @Test
    void differentNumbersOrArithmeticAreRefused() {
        assertThat(defaults.check("What is 2+2?", "What is 2+3?")).isEqualTo(Verifier.NUMBER);
        assertThat(defaults.check("What is 2+2?", "What is 2*2?")).isEqualTo(Verifier.NUMBER);
        assertThat(defaults.check("Best movies of 2016", "Best movies of 2017")).isEqualTo(Verifier.NUMBER);
        assertThat(defaults.check("What is two plus two?", "What is 2+2?")).isNull();
        assertThat(defaults.check("How do I lose 10 kg?", "How can I lose 10 kg?")).isNull();
    }

    @Test
    void oppositeVerbsAreRefused() {
        assertThat(defaults.check("How do I cancel my subscription?", "How do I renew my subscription?"))
                .isEqualTo(Verifier.ANTONYM);
        assertThat(defaults.check("cancel my subscription", "renew my subscription")).isEqualTo(Verifier.ANTONYM);
        assertThat(defaults.check("Should I buy Tesla stock?", "Should I sell Tesla stock?"))
                .isEqualTo(Verifier.ANTONYM);
        assertThat(defaults.check("How do I cancel my subscription?", "How can I cancel my subscription?")).isNull();
    }

    @Test
    void negationOnOneSideIsRefused() {
        assertThat(defaults.check("Which countries have a democracy?", "Which countries do not have a democracy?"))
                .isEqualTo(Verifier.NEGATION);
        assertThat(defaults.check("Why can't I sleep?", "Why am I unable to sleep?")).isEqualTo(Verifier.NEGATION);
        assertThat(defaults.check("Why can't I sleep at night?", "Why can I not sleep at night?")).isNull();
    }

    @Test
    void aSwappedNameIsRefused() {
        assertThat(defaults.check("What is the best way to learn Python?", "What is the best way to learn Java?"))
                .isEqualTo(Verifier.ENTITY);
        assertThat(defaults.check("Rehab centers in Montgomery County", "Rehab centers in Morgan County"))
                .isEqualTo(Verifier.ENTITY);
        assertThat(defaults.check("How do I learn Python?", "How can I learn python?")).isNull();
    }

    @Test
    void keyNounSwapIsCaughtWhenEnabledEvenInLowerCase() {
        assertThat(all.check("how do i learn python", "how do i learn java")).isEqualTo(Verifier.KEY_NOUN);
        assertThat(defaults.check("how do i learn python", "how do i learn java")).isNull();
    }

    @Test
    void paraphrasesPassEveryDefaultCheck() {
        assertThat(defaults.check("What is the capital of France?", "What's the capital of France?")).isNull();
        assertThat(defaults.check("How do I reset my password?", "How can I reset my password?")).isNull();
        assertThat(defaults.check("What are the best books for learning data structures?",
                "What are the best books to learn data structures?")).isNull();
    }
}
