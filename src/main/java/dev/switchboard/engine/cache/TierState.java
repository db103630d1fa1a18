package dev.switchboard.engine.cache;

/** A tier is serving (UP), failing and being skipped until it answers again (DOWN), or turned off in the config. */
public enum TierState {
    UP, DOWN, DISABLED
}
