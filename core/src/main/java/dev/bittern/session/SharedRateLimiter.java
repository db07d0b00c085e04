package dev.bittern.session;

import dev.bittern.engine.RateLimiter;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes a single-owner {@link RateLimiter} (a {@link dev.bittern.engine.TokenBucket}) usable from
 * every connection's reader and writer thread. The lock only guards the bucket's arithmetic; the
 * waiting happens outside it, so no thread sleeps or does I/O while holding it.
 */
public final class SharedRateLimiter {
    public static final SharedRateLimiter UNLIMITED = new SharedRateLimiter(RateLimiter.UNLIMITED);

    private final RateLimiter limiter;
    private final ReentrantLock lock = new ReentrantLock();

    public SharedRateLimiter(RateLimiter limiter) {
        this.limiter = limiter;
    }

    /** Combines limits (global and per torrent): a transfer waits for the slowest one. */
    public static SharedRateLimiter all(SharedRateLimiter a, SharedRateLimiter b) {
        if (a == UNLIMITED) {
            return b;
        }
        if (b == UNLIMITED) {
            return a;
        }
        return new SharedRateLimiter(new RateLimiter() {
            @Override
            public long nanosUntil(long bytes) {
                return Math.max(a.nanosUntil(bytes), b.nanosUntil(bytes));
            }

            @Override
            public void consume(long bytes) {
                a.charge(bytes);
                b.charge(bytes);
            }
        });
    }

    /** How long until {@code bytes} may be transferred; 0 = now (nothing is charged). */
    long nanosUntil(long bytes) {
        if (this == UNLIMITED) {
            return 0;
        }
        lock.lock();
        try {
            return limiter.nanosUntil(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Charges bytes already transferred. */
    public void charge(long bytes) {
        if (this == UNLIMITED) {
            return;
        }
        lock.lock();
        try {
            limiter.consume(bytes);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Charges {@code bytes} if they may be transferred now and returns 0; otherwise charges
     * nothing and returns how many nanoseconds to wait before asking again.
     */
    public long tryAcquire(long bytes) {
        if (this == UNLIMITED) {
            return 0;
        }
        lock.lock();
        try {
            long wait = limiter.nanosUntil(bytes);
            if (wait <= 0) {
                limiter.consume(bytes);
                return 0;
            }
            return wait;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until {@code bytes} may be transferred, then charges them. */
    public void acquire(long bytes) throws InterruptedException {
        if (this == UNLIMITED) {
            return;
        }
        while (true) {
            long wait;
            lock.lock();
            try {
                wait = limiter.nanosUntil(bytes);
                if (wait <= 0) {
                    limiter.consume(bytes);
                    return;
                }
            } finally {
                lock.unlock();
            }
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
