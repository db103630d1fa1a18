package dev.switchboard.engine.clock;

/** {@link System#nanoTime()}: the only place in the engine that reads it. */
enum SystemTicker implements Ticker {
    INSTANCE;

    @Override
    public long read() {
        return System.nanoTime();
    }
}
