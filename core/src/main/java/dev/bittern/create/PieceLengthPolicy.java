package dev.bittern.create;

import java.util.Locale;

/**
 * Chooses and parses piece lengths.
 *
 * <p>Automatic choice: the smallest power of two between 256 KiB and 16 MiB that keeps the
 * torrent at or below {@value #TARGET_MAX_PIECES} pieces. 256 KiB is mktorrent's default and
 * the piece length of the lecture's example torrent (262144); growing the piece with the
 * content keeps the {@code pieces} string (20 bytes per piece) and the peers' bitfields
 * small, as qBittorrent/libtorrent and Transmission also do. Resulting table:
 * <pre>
 *   content size          piece length   pieces
 *   up to 500 MiB         256 KiB        up to 2000
 *   up to 1000 MiB        512 KiB        1000..2000
 *   up to ~1.95 GiB       1 MiB          1000..2000
 *   up to ~3.9 GiB        2 MiB          1000..2000
 *   up to ~7.8 GiB        4 MiB          1000..2000
 *   up to ~15.6 GiB       8 MiB          1000..2000
 *   larger                16 MiB         more than 1000
 * </pre>
 */
public final class PieceLengthPolicy {
    public static final int MIN_AUTO = 256 * 1024;
    public static final int MAX_AUTO = 16 * 1024 * 1024;
    public static final int TARGET_MAX_PIECES = 2000;
    /** Smallest accepted piece length: a single BEP 3 block (16 KiB). */
    public static final int MIN = 16 * 1024;
    /** Largest accepted piece length; each hashing worker holds at least one piece in memory. */
    public static final int MAX = 64 * 1024 * 1024;

    private PieceLengthPolicy() {
    }

    /** The automatic piece length for {@code totalLength} bytes of content. */
    public static int forContentLength(long totalLength) {
        if (totalLength < 0) {
            throw new IllegalArgumentException("negative content length " + totalLength);
        }
        int length = MIN_AUTO;
        while (length < MAX_AUTO && ceilDiv(totalLength, length) > TARGET_MAX_PIECES) {
            length <<= 1;
        }
        return length;
    }

    /**
     * Parses a user-given piece length: plain bytes ({@code 262144}), with a binary unit
     * ({@code 256KiB}, {@code 256K}, {@code 1MiB}, {@code 1M}), or, as mktorrent's {@code -l},
     * a base-2 exponent below 32 ({@code 18} means 2^18 = 256 KiB). The result must be a power
     * of two between {@link #MIN} and {@link #MAX}: BEP 3 calls other lengths legal but real
     * clients assume powers of two.
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static int parse(String text) {
        String t = text.trim();
        String lower = t.toLowerCase(Locale.ROOT);
        long multiplier = 1;
        String digits = lower;
        String[][] units = {{"kib", "1024"}, {"k", "1024"}, {"mib", "1048576"}, {"m", "1048576"}};
        for (String[] u : units) {
            if (lower.endsWith(u[0])) {
                multiplier = Long.parseLong(u[1]);
                digits = lower.substring(0, lower.length() - u[0].length()).trim();
                break;
            }
        }
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("invalid piece length '" + text
                    + "': expected bytes (262144), a size (256KiB, 1MiB) or a power-of-two exponent (18)");
        }
        long value = Long.parseLong(digits);
        long bytes;
        if (multiplier == 1 && value < 32) {
            bytes = 1L << value;
        } else {
            bytes = value * multiplier;
        }
        if (bytes < MIN || bytes > MAX || Long.bitCount(bytes) != 1) {
            throw new IllegalArgumentException("invalid piece length '" + text + "' (" + bytes
                    + " bytes): must be a power of two from 16KiB (14) to 64MiB (26)");
        }
        return (int) bytes;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
