package dev.bittern.tracker.client;

import dev.bittern.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * When to announce next (sans-I/O). After an answer, the tracker's {@code interval}, never
 * less than its {@code min interval} (which the tracker uses to say "not more often than
 * this"). After every tracker failed, an exponential back-off from {@link #FIRST_RETRY} up to
 * {@link #MAX_RETRY}, so a dead tracker list is not hammered; that too is never below the
 * last known min interval. The first announce is due at once.
 */
public final class AnnounceScheduler {
    public static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    public static final Duration MAX_RETRY = Duration.ofMinutes(30);

    private final Clock clock;
    private long nextAtNanos;
    private long lastAnnounceNanos = Long.MIN_VALUE;
    private Duration minInterval = Duration.ZERO;
    private int consecutiveFailures;

    public AnnounceScheduler(Clock clock) {
        this.clock = clock;
        this.nextAtNanos = clock.nanoTime();
    }

    /** The clock time (nanoTime) at which the next regular announce is due. */
    public long nextAnnounceAtNanos() {
        return nextAtNanos;
    }

    public boolean isDue() {
        return clock.nanoTime() - nextAtNanos >= 0;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** The tracker answered: next announce after its interval, never earlier than its min interval. */
    public void onAnnounced(AnnounceResponse response) {
        long now = clock.nanoTime();
        lastAnnounceNanos = now;
        minInterval = response.minInterval().orElse(Duration.ZERO);
        Duration wait = max(response.interval(), minInterval);
        nextAtNanos = now + wait.toNanos();
        consecutiveFailures = 0;
    }

    /** No tracker of any tier answered: back off 30 s, 60 s, 120 s ... up to 30 min. */
    public void onAllTrackersFailed() {
        long now = clock.nanoTime();
        consecutiveFailures++;
        Duration backoff = FIRST_RETRY.multipliedBy(1L << Math.min(consecutiveFailures - 1, 16));
        if (backoff.compareTo(MAX_RETRY) > 0) {
            backoff = MAX_RETRY;
        }
        long earliest = lastAnnounceNanos == Long.MIN_VALUE ? now : lastAnnounceNanos + minInterval.toNanos();
        nextAtNanos = Math.max(now + backoff.toNanos(), earliest);
    }

    /**
     * An announce outside the schedule (an event such as {@code completed}): due now, or when
     * the tracker's min interval since the last announce has passed.
     */
    public void announceSoon() {
        long now = clock.nanoTime();
        long earliest = lastAnnounceNanos == Long.MIN_VALUE ? now : lastAnnounceNanos + minInterval.toNanos();
        nextAtNanos = Math.max(now, earliest);
    }

    /** The min interval the last answer asked for, if any. */
    public Optional<Duration> minInterval() {
        return minInterval.isZero() ? Optional.empty() : Optional.of(minInterval);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
