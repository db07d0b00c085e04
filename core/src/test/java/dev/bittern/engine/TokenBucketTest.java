package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.time.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private final VirtualClock clock = new VirtualClock();

    @Test
    void burstIsAvailableAtOnceThenTheRateLimits() {
        TokenBucket b = new TokenBucket(clock, 100_000, 50_000);
        assertThat(b.tryConsume(50_000)).isTrue();
        assertThat(b.tryConsume(10_000)).isFalse();
        assertThat(b.nanosUntil(10_000)).isEqualTo(100_000_000L); // 10 kB at 100 kB/s
        clock.advance(Duration.ofMillis(100));
        assertThat(b.tryConsume(10_000)).isTrue();
    }

    @Test
    void tokensNeverExceedTheBurst() {
        TokenBucket b = new TokenBucket(clock, 1000, 2000);
        clock.advance(Duration.ofHours(1));
        assertThat(b.available()).isEqualTo(2000);
    }

    @Test
    void transferLargerThanTheBurstGoesThroughWhenFullAndLeavesDebt() {
        TokenBucket b = new TokenBucket(clock, 16_384, 4_096);
        assertThat(b.tryConsume(16_384)).isTrue();
        assertThat(b.available()).isEqualTo(4_096 - 16_384);
        // Paying back 12288 bytes of debt and refilling 4096 takes one second at 16 KiB/s.
        assertThat(b.nanosUntil(16_384)).isEqualTo(1_000_000_000L);
    }

    @Test
    void longRunRateIsExact() {
        TokenBucket b = new TokenBucket(clock, 50_000, 16_384);
        long sent = 0;
        for (int step = 0; step < 10_000; step++) {
            if (b.tryConsume(16_384)) {
                sent += 16_384;
            }
            clock.advance(Duration.ofMillis(1));
        }
        // 10 s at 50 kB/s plus the initial burst, within one block.
        assertThat(sent).isBetween(500_000L, 500_000L + 2 * 16_384L);
    }

    @Test
    void globalAndPerTorrentLimitsComposeAndChargeBoth() {
        TokenBucket global = new TokenBucket(clock, 100_000, 100_000);
        TokenBucket torrentA = new TokenBucket(clock, 30_000, 30_000);
        TokenBucket torrentB = new TokenBucket(clock, 1_000_000, 1_000_000);
        RateLimiter a = RateLimiter.all(global, torrentA);
        RateLimiter bl = RateLimiter.all(global, torrentB);
        assertThat(a.tryConsume(30_000)).isTrue();
        assertThat(a.tryConsume(1)).as("torrent A's own limit").isFalse();
        assertThat(global.available()).isEqualTo(70_000);
        assertThat(bl.tryConsume(70_000)).isTrue();
        assertThat(bl.tryConsume(1)).as("the shared global limit").isFalse();
        assertThat(torrentB.available()).isEqualTo(930_000);
        assertThat(bl.nanosUntil(10_000)).isEqualTo(100_000_000L);
    }

    @Test
    void failedTryConsumeChargesNothing() {
        TokenBucket global = new TokenBucket(clock, 1000, 1000);
        TokenBucket tight = new TokenBucket(clock, 10, 10);
        tight.consume(10);
        assertThat(RateLimiter.all(global, tight).tryConsume(500)).isFalse();
        assertThat(global.available()).isEqualTo(1000);
        assertThat(RateLimiter.UNLIMITED.tryConsume(Long.MAX_VALUE)).isTrue();
    }
}
