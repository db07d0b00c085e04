package dev.bittern.engine;

import java.util.List;

/**
 * Bandwidth budget for the I/O adapters: ask before sending or reading {@code bytes}, wait
 * {@link #nanosUntil} otherwise. Limiters compose with {@link #all}, so one transfer can be
 * charged to a global limit and to its torrent's limit at once.
 */
public interface RateLimiter {
    /** Never limits. */
    RateLimiter UNLIMITED = new RateLimiter() {
        @Override
        public long nanosUntil(long bytes) {
            return 0;
        }

        @Override
        public void consume(long bytes) {
        }
    };

    /** How long until {@code bytes} may be transferred; 0 = now. */
    long nanosUntil(long bytes);

    /** Charges {@code bytes} unconditionally (they were already transferred); the budget may go into debt. */
    void consume(long bytes);

    /** Charges {@code bytes} if they may be transferred now; otherwise changes nothing and returns false. */
    default boolean tryConsume(long bytes) {
        if (nanosUntil(bytes) > 0) {
            return false;
        }
        consume(bytes);
        return true;
    }

    /** A limiter that allows a transfer only when every one of {@code limiters} does, and charges all of them. */
    static RateLimiter all(RateLimiter... limiters) {
        List<RateLimiter> list = List.of(limiters);
        return new RateLimiter() {
            @Override
            public long nanosUntil(long bytes) {
                long wait = 0;
                for (RateLimiter l : list) {
                    wait = Math.max(wait, l.nanosUntil(bytes));
                }
                return wait;
            }

            @Override
            public void consume(long bytes) {
                for (RateLimiter l : list) {
                    l.consume(bytes);
                }
            }
        };
    }
}
