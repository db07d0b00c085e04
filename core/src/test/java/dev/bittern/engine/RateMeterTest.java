package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.bittern.time.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateMeterTest {
    private final VirtualClock clock = new VirtualClock();

    @Test
    void steadyTransferGivesItsRate() {
        RateMeter m = new RateMeter(clock);
        for (int s = 0; s < 40; s++) {
            m.record(10_000);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(m.rate()).isCloseTo(10_000, within(600.0));
        assertThat(m.total()).isEqualTo(400_000);
    }

    @Test
    void youngMeterDividesByItsAgeNotTheWindow() {
        RateMeter m = new RateMeter(clock);
        clock.advance(Duration.ofSeconds(2));
        m.record(20_000);
        assertThat(m.rate()).isCloseTo(10_000, within(1.0));
    }

    @Test
    void oldBytesLeaveTheWindow() {
        RateMeter m = new RateMeter(clock);
        m.record(1_000_000);
        clock.advance(Duration.ofSeconds(10));
        assertThat(m.rate()).isGreaterThan(0);
        clock.advance(Duration.ofSeconds(11));
        assertThat(m.rate()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(m.rate()).isZero();
        m.record(20_000);
        assertThat(m.rate()).isCloseTo(1_000, within(1.0));
    }
}
