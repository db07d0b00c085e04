package dev.bittern.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-line progress bar on stderr, redrawn in place with '\r', for long work when stderr is
 * a terminal. {@link #update} may be called from many threads and very often (each hashed
 * piece): it redraws at most every {@value #REDRAW_MILLIS} ms, so the bar never slows the work.
 * When disabled it prints nothing: redirected output stays clean for scripts.
 */
final class ProgressBar {
    static final long REDRAW_MILLIS = 100;
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private final AtomicLong nextDrawNanos = new AtomicLong();

    ProgressBar(PrintWriter out, String label, long total, boolean enabled) {
        this.out = out;
        this.label = label;
        this.total = total;
        this.enabled = enabled;
    }

    /** Enabled when the JVM has a console (stdin and stdout are terminals). */
    static ProgressBar onTerminal(PrintWriter err, String label, long total) {
        return new ProgressBar(err, label, total, System.console() != null);
    }

    void update(long done) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long next = nextDrawNanos.get();
        if (now < next || !nextDrawNanos.compareAndSet(next, now + REDRAW_MILLIS * 1_000_000)) {
            return;
        }
        synchronized (this) {
            out.print("\r" + render(done, now - startNanos));
            out.flush();
        }
    }

    /** Draws the final state and ends the line. */
    void finish(long done) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            out.print("\r" + render(done, System.nanoTime() - startNanos) + "\n");
            out.flush();
        }
    }

    String render(long done, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = elapsedNanos / 1e9;
        String rate = seconds <= 0 ? "" : "  " + bytes((long) (done / seconds)) + "/s";
        return String.format(Locale.ROOT, "%s [%s%s] %3d%%  %s / %s%s", label, "#".repeat(filled), "-".repeat(WIDTH - filled),
                (int) (fraction * 100), bytes(done), bytes(total), rate);
    }

    /** Human-readable binary size: "512 B", "1.5 KiB", "2.0 GiB". */
    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
