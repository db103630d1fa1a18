package dev.switchboard.console.guardrails;

/**
 * Whether something was blocked in the last minute, read off successive snapshots' running totals: the last
 * snapshot time at which the blocked count grew. The first snapshot seen is a baseline (what was blocked before
 * the console started is not "the last minute"), unless it is the engine's first minute.
 */
public final class BlockWatch {
    static final long WINDOW_MILLIS = 60_000;

    private long lastTotal = -1;
    private long lastBlockAt = Long.MIN_VALUE;

    /**
     * @param uptimeMillis how long the engine has run: on the first sample, blocks counted within the engine's
     *                     first minute are recent
     * @return whether a block was counted within the minute before {@code atMillis}
     */
    public boolean add(long atMillis, long blockedTotal, long uptimeMillis) {
        if (lastTotal < 0) {
            if (blockedTotal > 0 && uptimeMillis <= WINDOW_MILLIS) {
                lastBlockAt = atMillis;
            }
        } else if (blockedTotal > lastTotal) {
            lastBlockAt = atMillis;
        } else if (blockedTotal < lastTotal) {
            lastBlockAt = Long.MIN_VALUE;
        }
        lastTotal = blockedTotal;
        return recent(atMillis);
    }

    public boolean recent(long atMillis) {
        return lastBlockAt != Long.MIN_VALUE && atMillis - lastBlockAt < WINDOW_MILLIS;
    }
}
