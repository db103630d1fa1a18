package dev.switchboard.engine.telemetry.monitor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One WARN line per incident opened, escalated or resolved (the summary names no user, prompt or secret). */
final class LogSink implements java.util.function.Consumer<Notification> {
    private static final Logger LOG = LoggerFactory.getLogger("dev.switchboard.alerts");

    @Override
    public void accept(Notification n) {
        Incident i = n.incident();
        switch (n.transition()) {
            case OPENED -> LOG.warn("alert #{} opened: {}", i.id(), i.summary());
            case ESCALATED -> LOG.warn("alert #{} escalated: {}", i.id(), i.summary());
            case RESOLVED -> LOG.warn("alert #{} resolved: {} of {} after {} s", i.id(), i.monitor(), i.subject(),
                    Math.max(0, (i.resolvedAtMillis() - i.openedAtMillis()) / 1000));
        }
    }
}
