package dev.bittern.time;

/**
 * Time as the protocol cores see it. Cores never read the system clock themselves, so the
 * same code runs on real sockets (system clock) and in the simulator (virtual time).
 */
public interface Clock {
    /** Monotonic time in nanoseconds; only differences are meaningful. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, for things that leave the process (creation date, logs). */
    long wallMillis();

    static Clock system() {
        return SystemClock.INSTANCE;
    }

    enum SystemClock implements Clock {
        INSTANCE;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long wallMillis() {
            return System.currentTimeMillis();
        }
    }
}
