package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.time.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class AnnounceSchedulerTest {
    private final VirtualClock clock = new VirtualClock();
    private final AnnounceScheduler scheduler = new AnnounceScheduler(clock);

    private static AnnounceResponse answer(long interval, Long minInterval) {
        return new AnnounceResponse(Duration.ofSeconds(interval),
                Optional.ofNullable(minInterval).map(Duration::ofSeconds), Optional.empty(),
                OptionalLong.empty(), OptionalLong.empty(), List.of(), Optional.empty());
    }

    private long secondsUntilNext() {
        return Duration.ofNanos(scheduler.nextAnnounceAtNanos() - clock.nanoTime()).toSeconds();
    }

    @Test
    void firstAnnounceIsDueAtOnce() {
        assertThat(scheduler.isDue()).isTrue();
    }

    @Test
    void nextAnnounceWaitsTheInterval() {
        scheduler.onAnnounced(answer(1800, null));
        assertThat(secondsUntilNext()).isEqualTo(1800);
        clock.advance(Duration.ofSeconds(1799));
        assertThat(scheduler.isDue()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(scheduler.isDue()).isTrue();
    }

    @Test
    void intervalShorterThanMinIntervalIsRaisedToIt() {
        scheduler.onAnnounced(answer(60, 900L));
        assertThat(secondsUntilNext()).isEqualTo(900);
    }

    @Test
    void failuresBackOffExponentiallyUpToThirtyMinutes() {
        long[] expected = {30, 60, 120, 240, 480, 960, 1800, 1800};
        for (long e : expected) {
            scheduler.onAllTrackersFailed();
            assertThat(secondsUntilNext()).isEqualTo(e);
            clock.setNanoTime(scheduler.nextAnnounceAtNanos());
        }
        scheduler.onAnnounced(answer(100, null));
        assertThat(scheduler.consecutiveFailures()).isZero();
        scheduler.onAllTrackersFailed();
        assertThat(secondsUntilNext()).as("an answer resets the back-off").isEqualTo(30);
    }

    @Test
    void retryAfterFailureIsNeverEarlierThanTheLastMinInterval() {
        scheduler.onAnnounced(answer(1800, 600L));
        clock.advance(Duration.ofSeconds(1800));
        scheduler.announceSoon();
        assertThat(scheduler.isDue()).isTrue();
        scheduler.onAnnounced(answer(1800, 600L));
        scheduler.onAllTrackersFailed();
        assertThat(secondsUntilNext()).isEqualTo(600);
    }

    @Test
    void eventAnnounceWaitsOnlyForTheMinInterval() {
        scheduler.onAnnounced(answer(1800, 120L));
        clock.advance(Duration.ofSeconds(10));
        scheduler.announceSoon();
        assertThat(secondsUntilNext()).isEqualTo(110);
    }
}
