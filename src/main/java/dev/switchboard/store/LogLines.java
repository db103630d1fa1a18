package dev.switchboard.store;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per log event, with no secret in it, for our lines and the drivers' alike (HikariCP, Flyway and pgjdbc
 * log failures with 30-line stack traces whose messages hold URLs and row contents). logback.xml uses
 * {@link Message} for {@code %msg} and {@link Failure} instead of a stack trace; {@link #routeDriverLogging()}
 * sends pgjdbc's java.util.logging records through the same path.
 */
public final class LogLines {
    private LogLines() {
    }

    /** {@code %sbMsg}: the message with URL credentials masked and line breaks folded. */
    public static final class Message extends ClassicConverter {
        @Override
        public String convert(ILoggingEvent event) {
            return oneLine(Urls.redactSecrets(event.getFormattedMessage()));
        }
    }

    /**
     * {@code %sbFailure}: an event's exception as {@code " [Class: first line]"} ({@link Failures#oneLine}) in place
     * of its stack trace. Being a throwable converter, it also keeps logback from appending the trace itself.
     */
    public static final class Failure extends ThrowableHandlingConverter {
        @Override
        public String convert(ILoggingEvent event) {
            IThrowableProxy p = event.getThrowableProxy();
            if (p == null) {
                return "";
            }
            if (p instanceof ThrowableProxy tp) {
                return " [" + Failures.oneLine(tp.getThrowable()) + "]";
            }
            IThrowableProxy r = p;
            for (int depth = 0; depth < 32 && r.getCause() != null && r.getCause() != r; depth++) {
                r = r.getCause();
            }
            String name = r.getClassName().substring(r.getClassName().lastIndexOf('.') + 1);
            String msg = Failures.message(r.getMessage());
            return " [" + (msg.isEmpty() ? name : name + ": " + msg) + "]";
        }
    }

    /**
     * Switches the stderr appender to one JSON object a line ({@code ts}, {@code level}, {@code logger},
     * {@code thread}, {@code message}, {@code failure}), masked and folded as the text lines are: for log pipelines.
     * A request line (logger {@code switchboard.requests}) whose message is already JSON is nested as {@code request}.
     */
    public static synchronized void useJson() {
        if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
            return;
        }
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appender = root.getAppender("STDERR");
        if (!(appender instanceof ch.qos.logback.core.OutputStreamAppender<ILoggingEvent> out)) {
            return;
        }
        JsonLayout layout = new JsonLayout();
        layout.setContext(ctx);
        layout.start();
        var encoder = new ch.qos.logback.core.encoder.LayoutWrappingEncoder<ILoggingEvent>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.start();
        out.setEncoder(encoder);
    }

    /** One JSON object per event, through the same masking as the text lines. */
    static final class JsonLayout extends ch.qos.logback.core.LayoutBase<ILoggingEvent> {
        private static final com.fasterxml.jackson.core.JsonFactory JSON = new com.fasterxml.jackson.core.JsonFactory();
        private final Message message = new Message();
        private final Failure failure = new Failure();

        @Override
        public String doLayout(ILoggingEvent e) {
            java.io.StringWriter w = new java.io.StringWriter(256);
            try (var g = JSON.createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("ts", java.time.Instant.ofEpochMilli(e.getTimeStamp()).toString());
                g.writeStringField("level", e.getLevel().toString());
                g.writeStringField("logger", e.getLoggerName());
                g.writeStringField("thread", e.getThreadName());
                String msg = message.convert(e);
                if ("switchboard.requests".equals(e.getLoggerName()) && msg.startsWith("{")) {
                    g.writeFieldName("request");
                    g.writeRawValue(msg);
                } else {
                    g.writeStringField("message", msg);
                }
                String f = failure.convert(e);
                if (!f.isEmpty()) {
                    g.writeStringField("failure", f.strip().substring(1, f.strip().length() - 1));
                }
                g.writeEndObject();
            } catch (java.io.IOException ex) {
                return "{\"message\":\"unloggable event\"}\n";
            }
            return w.append('\n').toString();
        }
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " | ");
    }

    /** Held so the configured JUL loggers are not garbage-collected (JUL keeps loggers weakly) and their setup lost. */
    private static final java.util.Map<String, java.util.logging.Logger> ROUTED = new java.util.HashMap<>();

    /**
     * Sends pgjdbc's java.util.logging output (WARNING and up: it would otherwise reach stderr as two lines plus a
     * stack trace, and one of its warnings quotes the JDBC URL) to slf4j, where logback writes it as one line.
     */
    public static void routeDriverLogging() {
        route("org.postgresql", 0);
    }

    /**
     * The same for the OpenTelemetry SDK, at most one line a minute per logger: under a load its exporter cannot
     * keep up with, it warns of dropped spans on every batch.
     */
    public static void routeTracingLogging() {
        route("io.opentelemetry", 60_000);
    }

    /** Routes the JUL logger {@code name} (WARNING and up) to slf4j, each JUL logger at most once per {@code everyMillis}. */
    private static synchronized void route(String name, long everyMillis) {
        if (ROUTED.containsKey(name)) {
            return;
        }
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(name);
        jul.setLevel(Level.WARNING);
        jul.setUseParentHandlers(false);
        java.util.concurrent.ConcurrentHashMap<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();
        jul.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r == null || !isLoggable(r)) {
                    return;
                }
                String source = r.getLoggerName() == null ? name : r.getLoggerName();
                if (everyMillis > 0) {
                    long now = System.currentTimeMillis();
                    Long before = last.get(source);
                    if (before != null && now - before < everyMillis) {
                        return;
                    }
                    last.put(source, now);
                }
                Logger log = LoggerFactory.getLogger(source);
                String msg = new java.util.logging.SimpleFormatter().formatMessage(r);
                if (r.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    log.error(msg, r.getThrown());
                } else {
                    log.warn(msg, r.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
        ROUTED.put(name, jul);
    }
}
