package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SizesTest {
    @Test
    void binaryUnitsArePowersOf1024() {
        assertThat(Sizes.parseBytes("64MiB")).isEqualTo(64L << 20);
        assertThat(Sizes.parseBytes("64M")).isEqualTo(64L << 20);
        assertThat(Sizes.parseBytes("1GiB")).isEqualTo(1L << 30);
        assertThat(Sizes.parseBytes("16KiB")).isEqualTo(16_384);
        assertThat(Sizes.parseBytes("2T")).isEqualTo(2L << 40);
        assertThat(Sizes.parseBytes("64mib")).isEqualTo(64L << 20);
    }

    @Test
    void siUnitsArePowersOf1000() {
        assertThat(Sizes.parseBytes("64MB")).isEqualTo(64_000_000);
        assertThat(Sizes.parseBytes("500kB")).isEqualTo(500_000);
        assertThat(Sizes.parseBytes("1GB")).isEqualTo(1_000_000_000);
    }

    @Test
    void plainNumbersAreBytes() {
        assertThat(Sizes.parseBytes("4096")).isEqualTo(4096);
        assertThat(Sizes.parseBytes("4096B")).isEqualTo(4096);
        assertThat(Sizes.parseBytes(" 0 ")).isZero();
        assertThat(Sizes.parseBytes("64 MiB")).isEqualTo(64L << 20);
    }

    @Test
    void fractionsAreRoundedToTheNearestByte() {
        assertThat(Sizes.parseBytes("1.5MiB")).isEqualTo(1_572_864);
        assertThat(Sizes.parseBytes("0.5K")).isEqualTo(512);
        assertThat(Sizes.parseBytes("1.0001KiB")).isEqualTo(1024);
    }

    @Test
    void ratesAreBytesPerSecondWithOptionalPerSecond() {
        assertThat(Sizes.parseRate("4MiB")).isEqualTo(4L << 20);
        assertThat(Sizes.parseRate("4MiB/s")).isEqualTo(4L << 20);
        assertThat(Sizes.parseRate("500kB/s")).isEqualTo(500_000);
        assertThat(Sizes.parseRate("1000")).isEqualTo(1000);
        assertThat(Sizes.parseRate("1.5M/S")).isEqualTo(1_572_864);
    }

    @Test
    void malformedSizesNameTheTextAndTheProblem() {
        assertThatThrownBy(() -> Sizes.parseBytes("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'' is not a size");
        assertThatThrownBy(() -> Sizes.parseBytes("-1MiB")).hasMessageStartingWith("'-1MiB' is not a size");
        assertThatThrownBy(() -> Sizes.parseBytes("MiB")).hasMessageStartingWith("'MiB' is not a size");
        assertThatThrownBy(() -> Sizes.parseBytes("1e6")).hasMessageStartingWith("'1e6' is not a size");
        assertThatThrownBy(() -> Sizes.parseBytes("64Mi")).hasMessageContaining("unknown unit 'Mi'");
        assertThatThrownBy(() -> Sizes.parseBytes("64XB")).hasMessage("'64XB': unknown unit 'XB' (use B, KiB, MiB, GiB,"
                + " TiB or K, M, G, T for powers of 1024; kB, MB, GB, TB for powers of 1000)");
        assertThatThrownBy(() -> Sizes.parseBytes("9000000TiB")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Sizes.parseBytes("1,5MiB")).hasMessageStartingWith("'1,5MiB' is not a size");
    }

    @Test
    void malformedRatesNameTheTextAndTheProblem() {
        assertThatThrownBy(() -> Sizes.parseRate("4MiB/min")).hasMessageStartingWith("'4MiB/min' is not a rate: only bytes per second");
        assertThatThrownBy(() -> Sizes.parseRate("fast")).hasMessageStartingWith("'fast' is not a rate");
        assertThatThrownBy(() -> Sizes.parseRate("/s")).hasMessageStartingWith("'/s' is not a rate");
    }

    @Test
    void humanFormIsUnchanged() {
        assertThat(Sizes.human(1)).isEqualTo("1 byte");
        assertThat(Sizes.human(1_572_864)).isEqualTo("1.5 MiB (1572864 bytes)");
    }
}
