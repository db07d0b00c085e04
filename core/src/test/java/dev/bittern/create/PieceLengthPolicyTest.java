package dev.bittern.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PieceLengthPolicyTest {
    private static final long MIB = 1024 * 1024;

    @ParameterizedTest(name = "{0} bytes -> {1}")
    @CsvSource({
            "1, 262144",
            "1000000, 262144",
            "524288000, 262144",       // 500 MiB = 2000 x 256 KiB
            "524288001, 524288",
            "1048576000, 524288",      // 1000 MiB
            "1048576001, 1048576",
            "2147483648, 2097152",     // 2 GiB -> 1024 pieces of 2 MiB
            "8388608000, 4194304",
            "16777216000, 8388608",
            "16777216001, 16777216",
            "1099511627776, 16777216", // 1 TiB: capped at 16 MiB
    })
    void automaticPieceLengthFollowsTheTable(long total, int expected) {
        assertThat(PieceLengthPolicy.forContentLength(total)).isEqualTo(expected);
    }

    @Test
    void automaticPieceLengthKeepsBetween1000And2000PiecesInTheMiddleRange() {
        for (long total = 501 * MIB; total < 15 * 1024 * MIB; total += 37 * MIB) {
            long pieces = (total + PieceLengthPolicy.forContentLength(total) - 1) / PieceLengthPolicy.forContentLength(total);
            assertThat(pieces).as("pieces for %d bytes", total).isBetween(1000L, 2000L);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "262144, 262144",
            "256KiB, 262144",
            "256k, 262144",
            "1MiB, 1048576",
            "4M, 4194304",
            "18, 262144",
            "14, 16384",
            "26, 67108864",
            "' 20 ', 1048576",
    })
    void parseAcceptsBytesUnitsAndMktorrentExponents(String text, int expected) {
        assertThat(PieceLengthPolicy.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"300000", "13", "27", "128MiB", "8KiB", "abc", "-1", "1.5MiB", "''", "99999999999999999"})
    void parseRejectsNonPowersOfTwoOutOfRangeAndGarbage(String text) {
        assertThatThrownBy(() -> PieceLengthPolicy.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("invalid piece length '" + text + "'");
    }
}
