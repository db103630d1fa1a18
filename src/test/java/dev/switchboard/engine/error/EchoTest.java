package dev.switchboard.engine.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EchoTest {
    @Test
    void longTextIsCutToAPrefixWithItsLength() {
        assertThat(Echo.of("short")).isEqualTo("short");
        String long100 = "x".repeat(100);
        assertThat(Echo.of(long100)).isEqualTo("x".repeat(80) + "…(100 chars)");
        assertThat(Echo.of("two\nlines")).isEqualTo("two lines");
    }

    @Test
    void passwordsInUrlsAreMasked() {
        assertThat(Echo.url("redis://:secret@host:6379/0")).isEqualTo("redis://:***@host:6379/0");
        assertThat(Echo.url("redis://secret@host")).isEqualTo("redis://***@host");
        assertThat(Echo.url("redis://user:secret@")).isEqualTo("redis://user:***@");
        assertThat(Echo.url("postgresql://app:secret@db/x")).isEqualTo("postgresql://app:***@db/x");
        assertThat(Echo.url("postgresql://app@db/x")).isEqualTo("postgresql://app@db/x");
        assertThat(Echo.url("jdbc:postgresql://db/x?user=app&password=secret&ssl=true"))
                .isEqualTo("jdbc:postgresql://db/x?user=app&password=***&ssl=true");
        assertThat(Echo.url("jdbc:h2:file:/tmp/x;PASSWORD=secret")).doesNotContain("secret");
        assertThat(Echo.url("redis://127.0.0.1:6379")).isEqualTo("redis://127.0.0.1:6379");
    }
}
