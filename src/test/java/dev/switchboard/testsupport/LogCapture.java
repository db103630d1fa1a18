package dev.switchboard.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.LoggerFactory;

/**
 * Everything the process would print while it is open: logback events (with their full stack traces, stricter
 * than the console pattern, which prints one line), java.util.logging records (pgjdbc logs there), and System.out / System.err.
 * {@code rootLevel} lowers the root logger for the duration, e.g. DEBUG as with SWITCHBOARD_LOG_LEVEL=DEBUG;
 * the levels logback.xml sets for libraries stay.
 */
public final class LogCapture implements AutoCloseable {
    /** One logback event: its formatted message and the stack trace logback would print after it (or null). */
    public record Line(String level, String logger, String message, String throwable) {
        /** The text the console appender would write for this event. */
        public String printed() {
            return level + " " + logger + ": " + message + (throwable == null ? "" : "\n" + throwable);
        }
    }

    private final ConcurrentLinkedQueue<Line> lines = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> jul = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final Logger root;
    private final Level previousLevel;
    private final AppenderBase<ILoggingEvent> appender;
    private final Handler julHandler;
    private final PrintStream out;
    private final PrintStream err;

    public LogCapture(Level rootLevel) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        previousLevel = root.getLevel();
        root.setLevel(rootLevel);
        appender = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                lines.add(new Line(e.getLevel().toString(), e.getLoggerName(), e.getFormattedMessage(),
                        e.getThrowableProxy() == null ? null : ThrowableProxyUtil.asString(e.getThrowableProxy())));
            }
        };
        appender.setContext(ctx);
        appender.start();
        root.addAppender(appender);

        java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
        julHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (!isLoggable(r)) {
                    return;
                }
                StringBuilder sb = new StringBuilder(r.getLevel() + " " + r.getLoggerName() + ": ");
                sb.append(new java.util.logging.SimpleFormatter().formatMessage(r));
                if (r.getThrown() != null) {
                    sb.append('\n').append(stackTrace(r.getThrown()));
                }
                jul.add(sb.toString());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julRoot.addHandler(julHandler);

        out = System.out;
        err = System.err;
        System.setOut(tee(out));
        System.setErr(tee(err));
    }

    private PrintStream tee(PrintStream original) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (console) {
                    console.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (console) {
                    console.write(b, off, len);
                }
                original.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
    }

    public static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    public List<Line> lines() {
        return new ArrayList<>(lines);
    }

    /** What reached System.out and System.err, i.e. what logback's console appender actually printed. */
    public String console() {
        synchronized (console) {
            return console.toString(StandardCharsets.UTF_8);
        }
    }

    /** Every captured text: logback events as printed, java.util.logging records, and what reached stdout/stderr. */
    public List<String> everything() {
        List<String> all = new ArrayList<>();
        lines.forEach(l -> all.add(l.printed()));
        all.addAll(jul);
        synchronized (console) {
            all.add(console.toString(StandardCharsets.UTF_8));
        }
        return all;
    }

    @Override
    public void close() {
        System.setOut(out);
        System.setErr(err);
        java.util.logging.Logger.getLogger("").removeHandler(julHandler);
        root.detachAppender(appender);
        appender.stop();
        root.setLevel(previousLevel);
    }
}
