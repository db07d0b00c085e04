package dev.bittern.time;

import java.time.Duration;

/** A clock that moves only when told to: for tests and the simulator. Not thread-safe; one owner drives it. */
public final class VirtualClock implements Clock {
    private long nanos;
    private final long epochMillis;

    public VirtualClock() {
        this(0L);
    }

    public VirtualClock(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long wallMillis() {
        return epochMillis + nanos / 1_000_000L;
    }

    public void advance(Duration d) {
        advanceNanos(d.toNanos());
    }

    public void advanceNanos(long delta) {
        if (delta < 0) {
            throw new IllegalArgumentException("time does not go backwards: " + delta);
        }
        nanos += delta;
    }

    /** Moves to an absolute time (not earlier than now). */
    public void setNanoTime(long t) {
        advanceNanos(t - nanos);
    }
}
