package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every URL form the config accepts, masked; the host, database and user stay readable. */
class UrlsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "redis://user:s3cret@cache:6379/0               | redis://user:***@cache:6379/0",
            "redis://:s3cret@cache:6379                     | redis://:***@cache:6379",
            "redis://s3cret@cache:6379                      | redis://***@cache:6379",
            "rediss://default:s3cret@cache.example.com:6380 | rediss://default:***@cache.example.com:6380",
            "postgres://app:s3cret@db:5432/sb               | postgres://app:***@db:5432/sb",
            "postgresql://app:s3cret@db/sb?sslmode=require  | postgresql://app:***@db/sb?sslmode=require",
            "postgresql://app@db/sb                         | postgresql://app@db/sb",
            "jdbc:postgresql://db:5432/sb?user=app&password=s3cret       | jdbc:postgresql://db:5432/sb?user=app&password=***",
            "jdbc:postgresql://db:5432/sb?password=s3cret&user=app       | jdbc:postgresql://db:5432/sb?password=***&user=app",
            "jdbc:postgresql://db/sb?sslpassword=s3cret&ssl=true         | jdbc:postgresql://db/sb?sslpassword=***&ssl=true",
            "jdbc:h2:file:/var/sb/db;USER=sa;PASSWORD=s3cret;AUTO_SERVER=TRUE | jdbc:h2:file:/var/sb/db;USER=sa;PASSWORD=***;AUTO_SERVER=TRUE",
            "jdbc:h2:file:/var/sb/db;PASSWORD=s3cret        | jdbc:h2:file:/var/sb/db;PASSWORD=***",
            "jdbc:h2:file:/var/sb/db;AUTO_SERVER=TRUE       | jdbc:h2:file:/var/sb/db;AUTO_SERVER=TRUE",
            "redis://127.0.0.1:6379                         | redis://127.0.0.1:6379",
    })
    void masksTheSecretOfEveryAcceptedForm(String url, String expected) {
        assertThat(Urls.redact(url)).isEqualTo(expected);
        assertThat(Urls.redactSecrets(url)).isEqualTo(expected);
    }

    @Test
    void aPasswordThatBreaksTheUrlIsMaskedWhole() {
        // Characters a URI parser trips over: the driver refuses the URL, and the error must not show the password.
        assertThat(Urls.redact("redis://:p@ss/w?rd@cache:6379/0")).isEqualTo("redis://:***@cache:6379/0");
        assertThat(Urls.redact("postgresql://app:p@ss@db/sb")).isEqualTo("postgresql://app:***@db/sb");
    }

    @Test
    void masksUrlsInsideText() {
        String msg = "Failed to get driver instance for jdbcUrl=jdbc:postgres://db/sb?user=app&password=s3cret; "
                + "also tried 'redis://:s3cret@cache:6379' and (rediss://u:s3cret@c:1) and postgres://app:s3cret@db/x.";
        String out = Urls.redactSecrets(msg);
        assertThat(out).doesNotContain("s3cret")
                .contains("jdbcUrl=jdbc:postgres://db/sb?user=app&password=***;")
                .contains("'redis://:***@cache:6379'")
                .contains("(rediss://u:***@c:1)")
                .contains("postgres://app:***@db/x.");
    }

    @Test
    void leavesOrdinaryTextAlone() {
        for (String s : new String[] {"L3 is DOWN: ConnectException: Connection refused", "tokens_in=120, cost=0.1",
                "FATAL: password authentication failed for user \"app\"", "gpt-4o@2024-08-06/default/abc",
                "mail me at ops@example.com", ""}) {
            assertThat(Urls.redactSecrets(s)).isEqualTo(s);
        }
        assertThat(Urls.redact(null)).isNull();
        assertThat(Urls.redactSecrets(null)).isNull();
    }

    @Test
    void masksOtherSecretParameters() {
        assertThat(Urls.redactSecrets("https://api/x?api_token=abc&client_secret=def&pwd=ghi&page=2"))
                .isEqualTo("https://api/x?api_token=***&client_secret=***&pwd=***&page=2");
    }
}
