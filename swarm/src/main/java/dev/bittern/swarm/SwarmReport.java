package dev.bittern.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The text printed at the end of a run: parameters, every peer's completion time, the last one,
 * the lecture's two bounds with the term that binds, and the ratio of the last completion to the
 * P2P bound (1.0 would be a perfect swarm). Free-riders are listed and summarised separately.
 */
public final class SwarmReport {
    private SwarmReport() {
    }

    public static String render(SwarmTimeline timeline) {
        SwarmParameters p = timeline.parameters();
        DistributionBounds b = p.bounds();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "swarm (%s): N=%d peers%s, F=%s, u_s=%s, u_i=%s, d=%s%n",
                p.mode().label(), p.peers(), p.freeRiders() == 0 ? "" : " (" + p.freeRiders() + " free-riders)",
                SwarmFormat.bytes(p.fileBytes()), SwarmFormat.rate(p.seedUpload()),
                p.mode() == SwarmMode.CLIENT_SERVER ? "0 (client-server)" : SwarmFormat.rate(p.peerUpload()),
                SwarmFormat.limit(p.peerDownload())));
        out.append(String.format(Locale.ROOT, "%-10s %-12s %s%n", "peer", "role", "completed"));
        for (PeerTimeline peer : timeline.peers()) {
            out.append(String.format(Locale.ROOT, "%-10s %-12s %s%n", peer.name(),
                    peer.freeRider() ? "free-rider" : (p.mode() == SwarmMode.CLIENT_SERVER ? "client" : "contributor"),
                    completion(peer.completedSeconds(), timeline.elapsedSeconds())));
        }
        OptionalDouble last = timeline.lastCompletion();
        if (last.isPresent()) {
            out.append("last completion: ").append(SwarmFormat.seconds(last.getAsDouble())).append('\n');
        } else {
            long unfinished = timeline.peers().stream().filter(t -> t.completedSeconds().isEmpty()).count();
            out.append("last completion: none — ").append(unfinished).append(" of ").append(p.peers())
                    .append(" peers did not finish within ").append(SwarmFormat.seconds(timeline.elapsedSeconds()))
                    .append('\n');
        }
        out.append(String.format(Locale.ROOT, "client-server bound: max(N·F/u_s = %s, F/d_min = %s) = %s%n",
                SwarmFormat.seconds(b.allCopiesFromServerSeconds()), SwarmFormat.seconds(b.slowestDownloadSeconds()),
                SwarmFormat.seconds(b.clientServerSeconds())));
        out.append(String.format(Locale.ROOT, "P2P bound: max(F/u_s = %s, F/d_min = %s, N·F/(u_s+Σu_i) = %s) = %s%n",
                SwarmFormat.seconds(b.oneCopyFromServerSeconds()), SwarmFormat.seconds(b.slowestDownloadSeconds()),
                SwarmFormat.seconds(b.aggregateUploadSeconds()), SwarmFormat.seconds(b.p2pSeconds())));
        if (last.isPresent()) {
            out.append(String.format(Locale.ROOT, "last completion / P2P bound = %.2f%n",
                    last.getAsDouble() / b.p2pSeconds()));
        } else {
            out.append("last completion / P2P bound = n/a (not every peer finished)\n");
        }
        if (p.freeRiders() > 0) {
            out.append("free-riders: ").append(group(timeline.freeRiders()))
                    .append("; contributors: ").append(group(timeline.contributors())).append('\n');
        }
        return out.toString();
    }

    /** "last done at 41.0 s, mean 38.2 s (3 of 3 finished)". */
    private static String group(List<PeerTimeline> peers) {
        if (peers.isEmpty()) {
            return "none";
        }
        List<Double> done = new ArrayList<>();
        for (PeerTimeline t : peers) {
            t.completedSeconds().ifPresent(done::add);
        }
        if (done.isEmpty()) {
            return "none of " + peers.size() + " finished";
        }
        double mean = done.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double max = done.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return String.format(Locale.ROOT, "last done at %s, mean %s (%d of %d finished)",
                SwarmFormat.seconds(max), SwarmFormat.seconds(mean), done.size(), peers.size());
    }

    private static String completion(OptionalDouble seconds, double elapsed) {
        return seconds.isPresent() ? SwarmFormat.seconds(seconds.getAsDouble())
                : "not finished after " + SwarmFormat.seconds(elapsed);
    }

    /** The summary of a sweep: one row per N with measured times and both bounds. */
    public static String renderSweep(List<SweepPoint> points) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%6s %12s %12s %14s %12s%n", "N", "p2p", "P2P bound", "client-server",
                "c-s bound"));
        for (SweepPoint pt : points) {
            out.append(String.format(Locale.ROOT, "%6d %12s %12s %14s %12s%n", pt.peers(),
                    opt(pt.p2pSeconds()), SwarmFormat.seconds(pt.bounds().p2pSeconds()),
                    opt(pt.clientServerSeconds()), SwarmFormat.seconds(pt.bounds().clientServerSeconds())));
        }
        return out.toString();
    }

    private static String opt(OptionalDouble v) {
        return v.isPresent() ? SwarmFormat.seconds(v.getAsDouble()) : "unfinished";
    }
}
