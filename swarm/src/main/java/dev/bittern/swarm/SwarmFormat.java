package dev.bittern.swarm;

import java.util.Locale;

/** Short human forms for the live lines and the report (binary units: 1 MiB = 2^20 bytes). */
final class SwarmFormat {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private SwarmFormat() {
    }

    /** "64.0 MiB", "512 B". */
    static String bytes(double bytes) {
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", v) : String.format(Locale.ROOT, "%.1f %s", v, UNITS[unit]);
    }

    /** "4.0 MiB/s"; "unlimited" for 0 or infinity when {@code zeroIsUnlimited}. */
    static String rate(double bytesPerSecond) {
        return bytes(bytesPerSecond) + "/s";
    }

    static String limit(double bytesPerSecond) {
        return bytesPerSecond == 0 || Double.isInfinite(bytesPerSecond) ? "unlimited" : rate(bytesPerSecond);
    }

    /** "42.7 s". */
    static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s", s);
    }

    static String number(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
