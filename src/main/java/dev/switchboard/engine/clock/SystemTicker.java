package dev.switchboard.engine.clock;

/** {@link System#nanoTime()}, for the engine's parts that measure or wait. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }
}
