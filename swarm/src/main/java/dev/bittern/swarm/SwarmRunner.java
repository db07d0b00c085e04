package dev.bittern.swarm;

import dev.bittern.time.Clock;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Runs the experiment: starts a tracker, the seed and N leechers through {@link SwarmPeers}, samples
 * every leecher at a fixed interval until all have the file or the time limit is reached, and returns
 * the timeline. The clock starts just before the first leecher starts: the seed already has the file,
 * as the lecture's server does at t=0.
 */
public final class SwarmRunner {
    /** Waits between samples; tests move a virtual clock instead of sleeping. */
    @FunctionalInterface
    public interface Pacer {
        void pause(Duration d) throws InterruptedException;
    }

    private final SwarmPeers.Factory peers;
    private final Clock clock;
    private final Pacer pacer;
    private final Duration sampleEvery;
    private final SwarmDisplay display;

    public SwarmRunner(SwarmPeers.Factory peers, Clock clock, Pacer pacer, Duration sampleEvery, SwarmDisplay display) {
        if (sampleEvery.isNegative() || sampleEvery.isZero()) {
            throw new IllegalArgumentException("sample interval must be positive: " + sampleEvery);
        }
        this.peers = peers;
        this.clock = clock;
        this.pacer = pacer;
        this.sampleEvery = sampleEvery;
        this.display = display;
    }

    /** Real time: the system clock, Thread.sleep, a sample every 250 ms. */
    public static SwarmRunner realTime(SwarmPeers.Factory peers, SwarmDisplay display) {
        return new SwarmRunner(peers, Clock.system(), d -> Thread.sleep(d), Duration.ofMillis(250), display);
    }

    /**
     * A time limit for one run when the user gives none: twice the bound that applies to the mode, plus
     * 30 s for start-up and the end game. Generous on purpose: a run that hits it reports who did not finish.
     */
    public static Duration defaultTimeout(SwarmParameters p) {
        DistributionBounds b = p.bounds();
        double bound = p.mode() == SwarmMode.P2P ? b.p2pSeconds() : b.clientServerSeconds();
        return Duration.ofMillis((long) Math.ceil((2 * bound + 30) * 1000));
    }

    public SwarmTimeline run(SwarmParameters p, Duration timeout) throws IOException, InterruptedException {
        List<PeerTimeline> timelines = new ArrayList<>();
        for (int i = 0; i < p.peers(); i++) {
            timelines.add(new PeerTimeline(SwarmPeers.LeecherSpec.of(p, i).name(), p.isFreeRider(i)));
        }
        display.begin(String.format(java.util.Locale.ROOT, "swarm (%s): N=%d, F=%s, u_s=%s, u_i=%s, d=%s%s",
                p.mode().label(), p.peers(), SwarmFormat.bytes(p.fileBytes()), SwarmFormat.rate(p.seedUpload()),
                SwarmFormat.rate(p.peerUpload()), SwarmFormat.limit(p.peerDownload()),
                p.freeRiders() > 0 ? ", " + p.freeRiders() + " free-riders" : ""));
        try (SwarmPeers swarm = peers.create(p)) {
            swarm.startTracker();
            swarm.startSeed(p.fileBytes(), p.seedUpload());
            long start = clock.nanoTime();
            for (int i = 0; i < p.peers(); i++) {
                swarm.startLeecher(SwarmPeers.LeecherSpec.of(p, i));
            }
            long deadline = start + timeout.toNanos();
            double elapsed = 0;
            // Bounded: each pass waits sampleEvery, and the loop ends at the deadline at the latest.
            while (true) {
                pacer.pause(sampleEvery);
                long now = clock.nanoTime();
                elapsed = seconds(now - start);
                SwarmPeers.Snapshot snapshot = swarm.poll();
                record(timelines, snapshot, start, elapsed);
                display.update(elapsed, p, snapshot);
                if (timelines.stream().allMatch(t -> t.completedSeconds().isPresent()) || now - deadline >= 0) {
                    break;
                }
            }
            return new SwarmTimeline(p, timelines, elapsed);
        }
    }

    private static void record(List<PeerTimeline> timelines, SwarmPeers.Snapshot snapshot, long start, double elapsed) {
        if (snapshot.leechers().size() != timelines.size()) {
            throw new IllegalStateException("peers reported " + snapshot.leechers().size() + " leechers, expected "
                    + timelines.size());
        }
        for (int i = 0; i < timelines.size(); i++) {
            SwarmPeers.PeerStatus st = snapshot.leechers().get(i);
            PeerTimeline t = timelines.get(i);
            t.add(new PeerSample(elapsed, st.bytes(), Math.max(0, st.downRate()), Math.max(0, st.upRate()),
                    Math.max(-1, st.unchokedBy())));
            if (st.completedNanos().isPresent()) {
                t.complete(Math.max(0, seconds(st.completedNanos().getAsLong() - start)));
            }
        }
    }

    /**
     * The textbook experiment: for every N, one P2P run and one client-server run with otherwise the
     * same parameters; the last completion of each, and the bounds for N.
     */
    public List<SweepPoint> sweep(SwarmParameters base, List<Integer> peerCounts, Duration timeoutPerRun)
            throws IOException, InterruptedException {
        if (peerCounts.isEmpty()) {
            throw new IllegalArgumentException("--sweep needs at least one peer count");
        }
        List<SweepPoint> points = new ArrayList<>();
        for (int n : peerCounts) {
            SwarmParameters p2p = base.withPeers(n).withMode(SwarmMode.P2P);
            SwarmParameters cs = p2p.withMode(SwarmMode.CLIENT_SERVER);
            OptionalDouble p2pLast = run(p2p, timeout(timeoutPerRun, p2p)).lastCompletion();
            OptionalDouble csLast = run(cs, timeout(timeoutPerRun, cs)).lastCompletion();
            points.add(new SweepPoint(n, p2pLast, csLast, p2p.bounds()));
        }
        return points;
    }

    private static Duration timeout(Duration given, SwarmParameters p) {
        return given != null ? given : defaultTimeout(p);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
