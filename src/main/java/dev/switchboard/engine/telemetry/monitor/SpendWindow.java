package dev.switchboard.engine.telemetry.monitor;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Spend per minute over the last hours (a ring of minute buckets): the last 60 minutes against the mean hour of
 * the hours before them. Hours before the monitor started are not counted in that mean.
 */
final class SpendWindow {
    private static final long MINUTE = 60_000;

    private final int hours;
    private final long[] micros;
    private final long[] minuteOf;
    private final long startedMinute;
    private final ReentrantLock lock = new ReentrantLock();

    SpendWindow(int baselineHours, long startedAtMillis) {
        this.hours = baselineHours;
        this.micros = new long[(baselineHours + 1) * 60];
        this.minuteOf = new long[micros.length];
        java.util.Arrays.fill(minuteOf, -1);
        this.startedMinute = startedAtMillis / MINUTE;
    }

    int baselineHours() {
        return hours;
    }

    void record(long atMillis, long costMicros) {
        if (costMicros <= 0) {
            return;
        }
        long minute = atMillis / MINUTE;
        int i = (int) Math.floorMod(minute, (long) micros.length);
        lock.lock();
        try {
            if (minuteOf[i] != minute) {
                minuteOf[i] = minute;
                micros[i] = 0;
            }
            micros[i] += costMicros;
        } finally {
            lock.unlock();
        }
    }

    Finding evaluate(long nowMillis, AlertSettings.Spend s) {
        long now = nowMillis / MINUTE;
        long last = 0;
        long before = 0;
        lock.lock();
        try {
            for (int i = 0; i < micros.length; i++) {
                long age = now - minuteOf[i];
                if (minuteOf[i] < 0 || age < 0) {
                    continue;
                }
                if (age < 60) {
                    last += micros[i];
                } else if (age < micros.length) {
                    before += micros[i];
                }
            }
        } finally {
            lock.unlock();
        }
        long fullHoursBefore = Math.min(hours, (now - 60 - startedMinute + 1) / 60);
        if (fullHoursBefore < 1) {
            return Finding.unjudged(Monitors.SPEND, "all");
        }
        double mean = (double) before / fullHoursBefore;
        double limit = Math.max(s.factor() * mean, s.floorMicros());
        Severity sev = last > limit ? Severity.CRITICAL : null;
        return new Finding(Monitors.SPEND, "all", sev, last, limit, "micros", java.util.List.of(), true,
                last < limit * 0.8);
    }
}
