package dev.bittern.swarm;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's or a sweep's files into {@code --out DIR}: each file is written to a temporary
 * name, forced to disk and renamed, so a reader never sees half a chart.
 */
public final class SwarmOutput {
    public static final String TIMELINE_CSV = "timeline.csv";
    public static final String CHART_SVG = "swarm.svg";
    public static final String REPORT_TXT = "report.txt";
    public static final String SWEEP_CSV = "sweep.csv";
    public static final String SWEEP_SVG = "sweep.svg";

    private SwarmOutput() {
    }

    /** timeline.csv, swarm.svg and report.txt; returns the files written. */
    public static List<Path> writeRun(Path dir, SwarmTimeline timeline) throws IOException {
        Files.createDirectories(dir);
        return List.of(
                write(dir.resolve(TIMELINE_CSV), TimelineCsv.toString(timeline)),
                write(dir.resolve(CHART_SVG), SwarmSvgChart.render(timeline)),
                write(dir.resolve(REPORT_TXT), SwarmReport.render(timeline)));
    }

    /** sweep.csv (N, measured times, bounds) and sweep.svg. */
    public static List<Path> writeSweep(Path dir, List<SweepPoint> points) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("peers,p2p_seconds,client_server_seconds,p2p_bound_seconds,client_server_bound_seconds\n");
        for (SweepPoint p : points) {
            csv.append(p.peers()).append(',')
                    .append(p.p2pSeconds().isPresent() ? fmt(p.p2pSeconds().getAsDouble()) : "").append(',')
                    .append(p.clientServerSeconds().isPresent() ? fmt(p.clientServerSeconds().getAsDouble()) : "").append(',')
                    .append(fmt(p.bounds().p2pSeconds())).append(',')
                    .append(fmt(p.bounds().clientServerSeconds())).append('\n');
        }
        return List.of(write(dir.resolve(SWEEP_CSV), csv.toString()), write(dir.resolve(SWEEP_SVG), SweepSvgChart.render(points)));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static Path write(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             Writer w = java.nio.channels.Channels.newWriter(ch, StandardCharsets.UTF_8)) {
            w.write(content);
            w.flush();
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some file systems cannot rename atomically; a plain replace still never leaves a partial file under the name.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
