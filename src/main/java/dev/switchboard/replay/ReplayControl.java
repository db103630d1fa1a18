package dev.switchboard.replay;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pause, resume and stop for a running replay, from another thread (the console's buttons). A paused timed
 * replay resumes where it was on its timeline; a stopped one ends after the requests already in flight.
 */
public final class ReplayControl {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition resumed = lock.newCondition();
    private volatile boolean paused;
    private volatile boolean stopped;

    public void pause() {
        paused = true;
    }

    public void resume() {
        lock.lock();
        try {
            paused = false;
            resumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public void stop() {
        stopped = true;
        resume();
    }

    public boolean isPaused() {
        return paused;
    }

    public boolean isStopped() {
        return stopped;
    }

    /** Blocks while paused; returns the nanoseconds spent waiting, so a timed replay can shift its timeline. */
    long awaitIfPaused() throws InterruptedException {
        if (!paused) {
            return 0;
        }
        long start = System.nanoTime();
        lock.lock();
        try {
            while (paused && !stopped) {
                resumed.await();
            }
        } finally {
            lock.unlock();
        }
        return System.nanoTime() - start;
    }
}
