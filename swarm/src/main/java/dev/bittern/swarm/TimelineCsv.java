package dev.bittern.swarm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;

/**
 * The per-peer timeline as CSV (RFC 4180, comma-separated, header first): one row per sample,
 * plus each peer's completion time (empty when it did not finish) repeated on its rows so a
 * spreadsheet can filter by peer without a join.
 */
public final class TimelineCsv {
    public static final String HEADER = "peer,free_rider,seconds,bytes,down_bytes_per_s,up_bytes_per_s,unchoked_by,completed_seconds";

    private TimelineCsv() {
    }

    public static void write(SwarmTimeline timeline, Writer out) throws IOException {
        out.write(HEADER);
        out.write('\n');
        for (PeerTimeline peer : timeline.peers()) {
            String completed = peer.completedSeconds().isPresent()
                    ? String.format(Locale.ROOT, "%.3f", peer.completedSeconds().getAsDouble()) : "";
            for (PeerSample s : peer.samples()) {
                out.write(String.format(Locale.ROOT, "%s,%b,%.3f,%d,%.0f,%.0f,%d,%s%n".replace("%n", "\n"),
                        quote(peer.name()), peer.freeRider(), s.seconds(), s.bytes(), s.downRate(), s.upRate(),
                        s.unchokedBy(), completed));
            }
        }
    }

    public static String toString(SwarmTimeline timeline) {
        java.io.StringWriter w = new java.io.StringWriter();
        try {
            write(timeline, w);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Quotes a field when it holds a comma, quote or line break (RFC 4180 §2.6-2.7). */
    static String quote(String field) {
        if (field.chars().noneMatch(ch -> ch == ',' || ch == '"' || ch == '\n' || ch == '\r')) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
