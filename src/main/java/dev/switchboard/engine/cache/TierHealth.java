package dev.switchboard.engine.cache;

import dev.switchboard.store.Failures;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** UP or DOWN with the reason, logged once per transition rather than once per failed request. */
final class TierHealth {
    private static final Logger LOG = LoggerFactory.getLogger(TierHealth.class);

    /** One moment's health: read whole, so a snapshot never pairs one state's "down" with another's reason. */
    record State(boolean up, String reason, long sinceMillis) {
    }

    private final Tier tier;
    private final InstantSource clock;
    private volatile State state;

    TierHealth(Tier tier, InstantSource clock) {
        this.tier = tier;
        this.clock = clock;
        this.state = new State(true, "", clock.millis());
    }

    State state() {
        return state;
    }

    boolean isUp() {
        return state.up;
    }

    String reason() {
        return state.reason;
    }

    long sinceMillis() {
        return state.sinceMillis;
    }

    void down(Throwable cause) {
        String reason = describe(cause);
        synchronized (this) {
            if (state.up) {
                LOG.warn("{} is DOWN: {}; requests go on without it, retrying in the background", tier, reason);
                state = new State(false, reason, clock.millis());
            }
        }
    }

    void up() {
        synchronized (this) {
            if (!state.up) {
                LOG.info("{} is back UP after {} ms", tier, clock.millis() - state.sinceMillis);
                state = new State(true, "", clock.millis());
            }
        }
    }

    /**
     * The innermost cause, which says what actually went wrong, as one line: no secret, no row contents (a failed
     * batch quotes the cached answers it carried).
     */
    static String describe(Throwable t) {
        return Failures.oneLine(t);
    }
}
