package dev.bittern.session;

import dev.bittern.engine.TokenBucket;
import dev.bittern.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SharedRateLimiterTest {
    @Test
    void tryAcquireChargesOnlyWhatMayGoNowAndOtherwiseTellsHowLongToWait() {
        VirtualClock clock = new VirtualClock();
        SharedRateLimiter limiter = new SharedRateLimiter(new TokenBucket(clock, 1000, 1000));
        assertThat(limiter.tryAcquire(1000)).isZero();
        long wait = limiter.tryAcquire(500);
        assertThat(wait).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(limiter.nanosUntil(500)).as("the refused try charged nothing").isEqualTo(wait);
        clock.advance(Duration.ofMillis(500));
        assertThat(limiter.tryAcquire(500)).isZero();
    }

    @Test
    void unlimitedNeverWaits() {
        assertThat(SharedRateLimiter.UNLIMITED.tryAcquire(Long.MAX_VALUE)).isZero();
        assertThat(SharedRateLimiter.UNLIMITED.nanosUntil(1 << 30)).isZero();
    }
}
