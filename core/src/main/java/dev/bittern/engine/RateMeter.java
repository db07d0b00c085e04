package dev.bittern.engine;

import dev.bittern.time.Clock;
import java.time.Duration;

/**
 * Transfer rate over a sliding window, in 1-second buckets, driven by {@link Clock} time.
 * Cohen 2003 (section 3.2) bases choking on "a rolling 20-second average", so 20 s is the
 * default window: long enough to smooth TCP bursts, short enough to follow a peer that slows
 * down. Single owner, not thread-safe.
 */
public final class RateMeter {
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(20);
    private static final long BUCKET_NANOS = 1_000_000_000L;

    private final Clock clock;
    private final long[] buckets;
    private final long startNanos;
    private long currentBucket;
    private long windowSum;
    private long total;

    public RateMeter(Clock clock) {
        this(clock, DEFAULT_WINDOW);
    }

    public RateMeter(Clock clock, Duration window) {
        long seconds = window.toSeconds();
        if (seconds < 1 || seconds > 3600) {
            throw new IllegalArgumentException("window must be 1 s .. 1 h, got " + window);
        }
        this.clock = clock;
        this.buckets = new long[(int) seconds];
        this.startNanos = clock.nanoTime();
        this.currentBucket = 0;
    }

    /** Counts {@code bytes} transferred now. */
    public void record(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes must not be negative: " + bytes);
        }
        advance();
        buckets[(int) (currentBucket % buckets.length)] += bytes;
        windowSum += bytes;
        total += bytes;
    }

    /**
     * Bytes per second over the window. A meter younger than the window divides by its age
     * (at least one second), so a new peer's rate is not diluted by time it was not connected.
     */
    public double rate() {
        advance();
        long age = clock.nanoTime() - startNanos;
        long span = Math.max(BUCKET_NANOS, Math.min(age, (long) buckets.length * BUCKET_NANOS));
        return windowSum * 1e9 / span;
    }

    /** Bytes recorded since the meter was created. */
    public long total() {
        return total;
    }

    private void advance() {
        long bucket = (clock.nanoTime() - startNanos) / BUCKET_NANOS;
        if (bucket <= currentBucket) {
            return;
        }
        long steps = Math.min(bucket - currentBucket, buckets.length);
        for (long i = 1; i <= steps; i++) {
            int slot = (int) ((currentBucket + i) % buckets.length);
            windowSum -= buckets[slot];
            buckets[slot] = 0;
        }
        currentBucket = bucket;
    }
}
