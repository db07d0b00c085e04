package dev.bittern.swarm;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The live view of a run: one line per peer (progress bar, down/up rate, unchoked-by count). On a
 * terminal the block is redrawn in place with ANSI cursor-up and erase-line; otherwise a plain block
 * of lines, stamped with the time, every {@code plainEverySeconds}, so logs stay readable.
 */
public final class SwarmDisplay {
    private static final int BAR = 20;
    private static final String CURSOR_UP = "\u001b[%dA";
    private static final String ERASE_LINE = "\r\u001b[2K";

    private final PrintWriter out;
    private final boolean terminal;
    private final double plainEverySeconds;
    private int drawnLines;
    private double nextPlain;

    public SwarmDisplay(PrintWriter out, boolean terminal, double plainEverySeconds) {
        this.out = out;
        this.terminal = terminal;
        this.plainEverySeconds = plainEverySeconds;
    }

    /** Redraws in place when the JVM has a console, plain lines every 5 s otherwise. */
    public static SwarmDisplay forStderr(PrintWriter err) {
        return new SwarmDisplay(err, System.console() != null, 5.0);
    }

    /** A display that shows nothing (for sweeps' inner runs or tests that only want results). */
    public static SwarmDisplay silent() {
        return new SwarmDisplay(new PrintWriter(PrintWriter.nullWriter()), false, Double.POSITIVE_INFINITY);
    }

    /** Starts a new run: the next update draws a fresh block. */
    public void begin(String title) {
        drawnLines = 0;
        nextPlain = 0;
        out.println(title);
        out.flush();
    }

    public void update(double seconds, SwarmParameters parameters, SwarmPeers.Snapshot snapshot) {
        if (!terminal && seconds < nextPlain) {
            return;
        }
        List<String> lines = lines(seconds, parameters, snapshot);
        if (terminal) {
            if (drawnLines > 0) {
                out.print(String.format(Locale.ROOT, CURSOR_UP, drawnLines));
            }
            for (String line : lines) {
                out.print(ERASE_LINE + line + "\n");
            }
            drawnLines = lines.size();
        } else {
            String stamp = String.format(Locale.ROOT, "[%6.1f s] ", seconds);
            for (String line : lines.subList(1, lines.size())) {
                out.println(stamp + line);
            }
            nextPlain = seconds + plainEverySeconds;
        }
        out.flush();
    }

    /** The block for one moment: a summary line, the seed, then each leecher. */
    static List<String> lines(double seconds, SwarmParameters p, SwarmPeers.Snapshot s) {
        List<String> lines = new ArrayList<>();
        long done = s.leechers().stream().filter(SwarmPeers.PeerStatus::complete).count();
        lines.add(String.format(Locale.ROOT, "t=%.1f s  %d/%d peers done  (P2P bound %s, client-server bound %s)",
                seconds, done, p.peers(), SwarmFormat.seconds(p.bounds().p2pSeconds()),
                SwarmFormat.seconds(p.bounds().clientServerSeconds())));
        lines.add(String.format(Locale.ROOT, "%-8s %s %5.1f%%  down %11s  up %11s", "seed",
                bar(1.0), 100.0, SwarmFormat.rate(0), SwarmFormat.rate(s.seed().upRate())));
        for (int i = 0; i < s.leechers().size(); i++) {
            SwarmPeers.PeerStatus st = s.leechers().get(i);
            double fraction = Math.min(1.0, (double) st.bytes() / p.fileBytes());
            String role = p.isFreeRider(i) ? "  free-rider" : "";
            String unchoked = st.unchokedBy() < 0 ? "?" : Integer.toString(st.unchokedBy());
            lines.add(String.format(Locale.ROOT, "%-8s %s %5.1f%%  down %11s  up %11s  unchoked-by %s%s%s",
                    "peer-" + (i + 1), bar(fraction), 100 * fraction, SwarmFormat.rate(st.downRate()),
                    SwarmFormat.rate(st.upRate()), unchoked, st.complete() ? "  done" : "", role));
        }
        return lines;
    }

    static String bar(double fraction) {
        int filled = (int) Math.floor(fraction * BAR);
        return "[" + "#".repeat(filled) + ".".repeat(BAR - filled) + "]";
    }
}
