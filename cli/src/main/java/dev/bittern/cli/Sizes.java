package dev.bittern.cli;

import java.util.Locale;

/** Byte counts for people: binary units with one decimal, plus the exact count. */
final class Sizes {
    private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Sizes() {
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
