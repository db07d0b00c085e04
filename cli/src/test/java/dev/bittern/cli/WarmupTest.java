package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class WarmupTest {
    private static final Duration BOUND = Duration.ofSeconds(20);

    @Test
    void theTimestampPartWaitsUntilPicocliHasParsedAndThenTheThreadEnds() throws InterruptedException {
        Warmup w = Warmup.start();
        Thread t = w.thread();
        assertThat(t.isDaemon()).isTrue();
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (t.getState() != Thread.State.WAITING && t.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        // Still there, parked on the latch: java.time is not touched while picocli may be building.
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);

        w.commandLineParsed();
        t.join(BOUND.toMillis());
        assertThat(t.isAlive()).isFalse();
    }
}
