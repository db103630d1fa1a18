/**
 * Time for the engine: {@link dev.switchboard.engine.clock.Ticker} is the one source of elapsed nanoseconds (and of
 * waits), injected like Caffeine's {@code Ticker}, so tests move time by hand instead of sleeping.
 */
package dev.switchboard.engine.clock;
