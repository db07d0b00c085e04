package dev.bittern.engine;

import dev.bittern.time.Clock;

/**
 * Token-bucket rate limit: tokens (bytes) accrue at {@code bytesPerSecond} up to {@code burst}.
 * A transfer larger than the burst is allowed once the bucket is full and leaves it in debt,
 * so the long-run rate stays exact even with 16 KiB blocks and a small burst. Clock-driven,
 * single owner (the torrent's or the session's event loop).
 */
public final class TokenBucket implements RateLimiter {
    private final Clock clock;
    private long bytesPerSecond;
    private long burst;
    private double tokens;
    private long lastNanos;

    /** Starts full, so the first burst goes out at once. */
    public TokenBucket(Clock clock, long bytesPerSecond, long burst) {
        this.clock = clock;
        this.lastNanos = clock.nanoTime();
        setRate(bytesPerSecond, burst);
        this.tokens = burst;
    }

    /** Changes the limit (a user setting); tokens above the new burst are dropped. */
    public void setRate(long bytesPerSecond, long burst) {
        if (bytesPerSecond <= 0 || burst <= 0) {
            throw new IllegalArgumentException("rate and burst must be positive: " + bytesPerSecond + " B/s, burst " + burst);
        }
        refill();
        this.bytesPerSecond = bytesPerSecond;
        this.burst = burst;
        this.tokens = Math.min(tokens, burst);
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }

    /** Tokens available now (negative while in debt). */
    public long available() {
        refill();
        return (long) Math.floor(tokens);
    }

    @Override
    public long nanosUntil(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        refill();
        double need = Math.min(bytes, burst);
        if (tokens >= need) {
            return 0;
        }
        return (long) Math.ceil((need - tokens) * 1e9 / bytesPerSecond);
    }

    @Override
    public void consume(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        refill();
        tokens -= bytes;
    }

    private void refill() {
        long now = clock.nanoTime();
        long elapsed = now - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * (double) bytesPerSecond / 1e9);
            lastNanos = now;
        }
    }
}
