package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.time.Clock;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The experiment with real peers: tracker, seed and leechers of the engine over loopback TCP, in real
 * time. Sizes and rates are small so each run but the free-rider one (about 45 s) takes seconds.
 */
class EngineSwarmPeersTest {
    private static final long KIB = 1024;
    private static final long MIB = 1024 * KIB;

    /** Wraps the real peers to check every leecher's file against the seed's before they are deleted. */
    private static final class Checked implements SwarmPeers {
        final EngineSwarmPeers real;
        final List<Long> mismatches = new ArrayList<>();
        boolean filesRemoved;

        Checked(EngineSwarmPeers real) {
            this.real = real;
        }

        @Override
        public void startTracker() throws IOException {
            real.startTracker();
        }

        @Override
        public void startSeed(long fileBytes, long uploadRate) throws IOException {
            real.startSeed(fileBytes, uploadRate);
        }

        @Override
        public void startLeecher(LeecherSpec spec) throws IOException {
            real.startLeecher(spec);
        }

        @Override
        public Snapshot poll() {
            return real.poll();
        }

        @Override
        public void close() throws IOException {
            try {
                for (int i = 0; i < real.poll().leechers().size(); i++) {
                    mismatches.add(Files.mismatch(real.seedFile(), real.leecherFile(i)));
                }
            } finally {
                real.close();
                filesRemoved = !Files.exists(real.seedFile().getParent().getParent());
            }
        }
    }

    private final List<Checked> runs = new ArrayList<>();

    private SwarmRunner runner() {
        return SwarmRunner.realTime(p -> {
            Checked c = new Checked(new EngineSwarmPeers(p, Clock.system()));
            runs.add(c);
            return c;
        }, SwarmDisplay.silent());
    }

    @Test
    void smallSwarmDeliversByteExactFilesToEveryPeer() throws Exception {
        SwarmParameters p = new SwarmParameters(4, 3 * MIB, 4 * MIB, 2 * MIB, 0, 0, SwarmMode.P2P);
        SwarmTimeline t = runner().run(p, Duration.ofSeconds(40));
        assertThat(t.allCompleted()).as(SwarmReport.render(t)).isTrue();
        assertThat(runs.getLast().mismatches).containsExactly(-1L, -1L, -1L, -1L);
        assertThat(runs.getLast().filesRemoved).as("temporary copies removed").isTrue();
        // Real peers cannot beat the lecture's lower bound, except by their rate limiters' initial burst:
        // each token bucket starts full with a quarter second of its rate, worth 0.25 s of the whole swarm's
        // capacity in a run that lasts about a second.
        assertThat(t.lastCompletion().getAsDouble()).isGreaterThanOrEqualTo(p.bounds().p2pSeconds() - 0.25);
        assertThat(t.peers()).allSatisfy(peer -> assertThat(peer.samples()).isNotEmpty());
        // The engine reports how many peers unchoke each leecher: never unknown (-1). Its status is refreshed
        // once a second, so a run this short may not catch a positive count; SwarmTest checks the count itself.
        assertThat(t.peers()).allSatisfy(peer ->
                assertThat(peer.samples()).allSatisfy(s -> assertThat(s.unchokedBy()).isNotNegative()));
    }

    @Test
    void clientServerLeechersNeverUploadAndTimeGrowsWithN() throws Exception {
        // u_s = 1 MiB/s, F = 1 MiB: the bound N·F/u_s is 1 s for N=1 and 3 s for N=3.
        SwarmParameters one = new SwarmParameters(1, MIB, MIB, MIB, 0, 0, SwarmMode.CLIENT_SERVER);
        SwarmTimeline t1 = runner().run(one, Duration.ofSeconds(30));
        SwarmTimeline t3 = runner().run(one.withPeers(3), Duration.ofSeconds(30));
        assertThat(t1.allCompleted()).as(SwarmReport.render(t1)).isTrue();
        assertThat(t3.allCompleted()).as(SwarmReport.render(t3)).isTrue();
        assertThat(runs.get(1).mismatches).containsOnly(-1L);
        assertThat(t3.lastCompletion().getAsDouble()).isGreaterThan(t1.lastCompletion().getAsDouble());
        assertThat(t3.lastCompletion().getAsDouble()).isGreaterThanOrEqualTo(one.withPeers(3).bounds().clientServerSeconds() * 0.9);
        assertThat(t3.peers()).allSatisfy(peer ->
                assertThat(peer.samples()).allSatisfy(s -> assertThat(s.upRate()).isZero()));
    }

    @Test
    void freeRidersNeverUploadYetGetTheWholeFileAndAreReportedApart() throws Exception {
        // Too short for tit-for-tat rounds (10 s each) to matter; see freeRidersAreUnchokedByFewerPeersThanContributorsWhenUploadIsScarce.
        SwarmParameters p = new SwarmParameters(5, 2 * MIB, 2 * MIB, 512 * KIB, 0, 2, SwarmMode.P2P);
        SwarmTimeline t = runner().run(p, Duration.ofSeconds(40));
        assertThat(t.allCompleted()).as(SwarmReport.render(t)).isTrue();
        assertThat(runs.getLast().mismatches).containsOnly(-1L);
        assertThat(t.freeRiders()).extracting(PeerTimeline::name).containsExactly("peer-4", "peer-5");
        assertThat(t.freeRiders()).allSatisfy(peer ->
                assertThat(peer.samples()).allSatisfy(s -> assertThat(s.upRate()).isZero()));
        assertThat(t.contributors()).anySatisfy(peer ->
                assertThat(peer.samples()).anySatisfy(s -> assertThat(s.upRate()).isPositive()));
        assertThat(SwarmReport.render(t)).contains("free-riders: last done at").contains("contributors: last done at");
    }

    /**
     * The lecture's mechanism, in a swarm where tit-for-tat can bite: several 10-second rounds, and
     * contributors' upload (512 KiB/s) scarce against the pieces the seed (4 MiB/s) keeps bringing in.
     * Contributors give their regular slots to the peers that upload to them, so a free-rider gets in
     * only through optimistic unchokes and the seed's rotation: while the contributors are still
     * leeching, fewer peers unchoke a free-rider than a contributor (three runs: 3.4-4.1 against
     * 4.5-4.6 on average). That free-riders therefore *finish* later does not hold in every run: the
     * seed cannot tell them apart and contributors that finish serve everyone (session 5: their mean
     * completion +1, -16 and +3 % against the contributors'; docs/benchmarks.md). Session 3 asserted
     * the completion order here, and it failed in CI.
     */
    @Test
    void freeRidersAreUnchokedByFewerPeersThanContributorsWhenUploadIsScarce() throws Exception {
        SwarmParameters p = new SwarmParameters(12, 32 * MIB, 4 * MIB, 512 * KIB, 0, 2, SwarmMode.P2P);
        SwarmTimeline t = runner().run(p, Duration.ofSeconds(150));
        String report = SwarmReport.render(t);
        assertThat(t.allCompleted()).as(report).isTrue();
        assertThat(runs.getLast().mismatches).containsOnly(-1L);
        assertThat(t.freeRiders()).allSatisfy(peer ->
                assertThat(peer.samples()).allSatisfy(s -> assertThat(s.upRate()).isZero()));
        double leeching = t.contributors().stream().mapToDouble(peer -> peer.completedSeconds().orElseThrow()).min().orElseThrow();
        assertThat(meanUnchokedBy(t.freeRiders(), leeching)).as(report)
                .isLessThan(meanUnchokedBy(t.contributors(), leeching));
    }

    /** How many peers unchoked each of {@code peers} on average, over the samples taken before {@code until} s. */
    private static double meanUnchokedBy(List<PeerTimeline> peers, double until) {
        return peers.stream().flatMap(peer -> peer.samples().stream())
                .filter(s -> s.seconds() < until && s.unchokedBy() >= 0)
                .mapToInt(PeerSample::unchokedBy).average().orElseThrow();
    }
}
