package dev.bittern.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte counts for people: binary units with one decimal, plus the exact count; and the reverse,
 * sizes and rates typed on the command line.
 */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /** A decimal number, optional blanks, an optional unit; the unit is checked separately for a precise message. */
    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([A-Za-z]*)");

    private Sizes() {
    }

    /**
     * Parses a byte count: plain bytes ("1000", "1000B"), binary units ("64KiB", "64MiB", "1GiB", "1TiB",
     * and their short forms "64K", "64M", "1G", "1T", which also mean powers of 1024), or SI units
     * ("64kB", "64MB", "1GB", "1TB" = powers of 1000, as on disk labels). Units are case-insensitive and
     * "B" always means bytes, never bits. A fraction is allowed ("1.5MiB") and rounded to the nearest byte.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a size: expected a number with an optional unit"
                    + " such as 64MiB, 1.5GiB, 500MB or 4096");
        }
        long multiplier = multiplier(m.group(2), text);
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier))
                .setScale(0, RoundingMode.HALF_UP);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("'" + text + "' is too large: at most " + Long.MAX_VALUE + " bytes");
        }
        return bytes.longValueExact();
    }

    /**
     * Parses a rate in bytes per second: a size as {@link #parseBytes} reads it, optionally followed by
     * "/s" ("4MiB" and "4MiB/s" are both 4·2^20 bytes per second).
     */
    static long parseRate(String text) {
        String t = text.strip();
        String size = t.regionMatches(true, Math.max(0, t.length() - 2), "/s", 0, 2) ? t.substring(0, t.length() - 2) : t;
        if (size.contains("/")) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: only bytes per second (\"/s\") is understood,"
                    + " e.g. 4MiB or 4MiB/s");
        }
        try {
            return parseBytes(size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a rate: expected bytes per second such as 4MiB,"
                    + " 4MiB/s or 500kB/s", e);
        }
    }

    private static long multiplier(String unit, String text) {
        return switch (unit.toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "k", "kib" -> 1L << 10;
            case "m", "mib" -> 1L << 20;
            case "g", "gib" -> 1L << 30;
            case "t", "tib" -> 1L << 40;
            case "kb" -> 1_000L;
            case "mb" -> 1_000_000L;
            case "gb" -> 1_000_000_000L;
            case "tb" -> 1_000_000_000_000L;
            default -> throw new IllegalArgumentException("'" + text + "': unknown unit '" + unit
                    + "' (use B, KiB, MiB, GiB, TiB or K, M, G, T for powers of 1024; kB, MB, GB, TB for powers of 1000)");
        };
    }

    /** "512 bytes", "1 byte", or e.g. "1.5 MiB (1572864 bytes)". */
    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double v = bytes;
        int unit = -1;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s (%d bytes)", v, UNITS[unit], bytes);
    }
}
