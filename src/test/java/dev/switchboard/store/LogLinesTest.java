package dev.switchboard.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.slf4j.LoggerFactory;

/**
 * The console pattern of logback.xml, as configured: every event one line, exceptions as their innermost cause
 * rather than a stack trace, URL credentials masked, pgjdbc's java.util.logging records included.
 */
class LogLinesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;
    private Logger root;

    @BeforeEach
    void sameEncoderAsTheConsole() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
        assertThat(console).as("logback.xml's console appender").isNotNull();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern(((PatternLayoutEncoder) console.getEncoder()).getPattern());
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(ctx);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        root.addAppender(appender);
    }

    @AfterEach
    void detach() {
        root.detachAppender(appender);
        appender.stop();
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDriverFailureIsOneLineWithItsInnermostCause() {
        Exception e = new SQLTransientConnectionException("switchboard-sql - Connection is not available",
                new PSQLException("Connection to 127.0.0.1:1 refused.", PSQLState.CONNECTION_UNABLE_TO_CONNECT,
                        new ConnectException("Connection refused")));
        LoggerFactory.getLogger("com.zaxxer.hikari.pool.HikariPool").warn("switchboard-sql - Connection marked as"
                + " broken", e);

        assertThat(printed()).endsWith("HikariPool: switchboard-sql - Connection marked as broken"
                + " [ConnectException: Connection refused]" + System.lineSeparator());
        assertThat(printed().lines()).hasSize(1);
    }

    @Test
    void messagesAreMaskedAndFoldedIntoOneLine() {
        LoggerFactory.getLogger("org.flywaydb.core.Flyway").warn("Unable to connect to jdbc:postgresql://db/sb"
                + "?password=s3cret\nRetrying with redis://:s3cret@cache:6379");
        assertThat(printed()).doesNotContain("s3cret").contains("password=***").contains("redis://:***@cache")
                .contains(" | Retrying");
        assertThat(printed().lines()).hasSize(1);
    }

    @Test
    void pgjdbcWarningsComeThroughLogbackAsOneMaskedLine() {
        LogLines.routeDriverLogging();
        java.util.logging.Logger pgjdbc = java.util.logging.Logger.getLogger("org.postgresql.Driver");
        pgjdbc.log(Level.WARNING, "JDBC URL contains too many / characters: {0}",
                "jdbc:postgresql://db/sb/x?user=app&password=s3cret");
        pgjdbc.log(Level.WARNING, "Leak detected: Connection.close() was not called", new Throwable("opened here"));
        pgjdbc.log(Level.FINE, "Connecting with URL: jdbc:postgresql://db/sb?password=s3cret");

        assertThat(printed().lines()).hasSize(2);
        assertThat(printed()).doesNotContain("s3cret").contains("Driver: JDBC URL contains too many / characters:"
                + " jdbc:postgresql://db/sb/x?user=app&password=***").contains("[Throwable: opened here]")
                .doesNotContain("\tat ");
    }
}
