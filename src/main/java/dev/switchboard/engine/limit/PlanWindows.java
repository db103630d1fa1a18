package dev.switchboard.engine.limit;

import dev.switchboard.engine.config.LimitsConfig;
import dev.switchboard.engine.config.PlanConfig;
import java.util.List;

/** Per-user sliding windows (plan per minute and per hour, per-model caps) and abuse lockouts. */
interface PlanWindows extends AutoCloseable {
    /**
     * Counts the request against the user's windows if it fits all of them.
     *
     * @param modelCap requests a minute the user may send to this model, 0 for no cap
     * @return null when admitted, else which window is full and when it has room
     */
    Rejection admit(String user, PlanConfig plan, String model, int modelCap);

    /** @return the lockout's end (epoch millis), or 0 when the user is not locked out */
    long lockedUntil(String user);

    /** Notes a rejection; locks the user out when it is one too many within the abuse window. */
    boolean strike(String user, LimitsConfig limits);

    List<Lockout> lockouts();

    boolean clearLockout(String user);

    /** LOCAL, SHARED, or FALLBACK when Redis is gone. */
    BucketMode mode();

    String modeReason();

    @Override
    void close();
}
