package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.time.VirtualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwarmRunnerTest {
    private static final long KIB = 1024;

    private final VirtualClock clock = new VirtualClock();
    private final List<FluidSwarmPeers> created = new ArrayList<>();

    private SwarmRunner runner(SwarmDisplay display) {
        SwarmPeers.Factory factory = p -> {
            FluidSwarmPeers peers = new FluidSwarmPeers(clock);
            created.add(peers);
            return peers;
        };
        return new SwarmRunner(factory, clock, clock::advance, Duration.ofMillis(250), display);
    }

    /** N peers, F = 640 KiB, u_s = 64 KiB/s, u_i = 32 KiB/s: P2P bound = max(10, N·640/(64+32N)). */
    private static SwarmParameters small(int n, int freeRiders, SwarmMode mode) {
        return new SwarmParameters(n, 640 * KIB, 64 * KIB, 32 * KIB, 0, freeRiders, mode);
    }

    @Test
    void everyPeerCompletesAndHasSamplesUntilTheEnd() throws Exception {
        SwarmParameters p = small(4, 0, SwarmMode.P2P);
        SwarmTimeline t = runner(SwarmDisplay.silent()).run(p, Duration.ofMinutes(10));
        assertThat(t.allCompleted()).isTrue();
        assertThat(t.peers()).hasSize(4).allSatisfy(peer -> {
            assertThat(peer.samples()).isNotEmpty();
            assertThat(peer.samples().getLast().bytes()).isEqualTo(p.fileBytes());
        });
        // Nobody can beat the lecture's bound; the run ends on the sample that sees the last peer done.
        assertThat(t.lastCompletion().getAsDouble()).isGreaterThanOrEqualTo(p.bounds().p2pSeconds() - 0.01);
        assertThat(t.elapsedSeconds()).isBetween(t.lastCompletion().getAsDouble(), t.lastCompletion().getAsDouble() + 0.26);
        assertThat(created).singleElement().satisfies(peers -> assertThat(peers.closed()).isTrue());
    }

    @Test
    void clientServerIsSlowerThanP2PAndNoLeecherUploads() throws Exception {
        SwarmTimeline p2p = runner(SwarmDisplay.silent()).run(small(8, 0, SwarmMode.P2P), Duration.ofMinutes(10));
        SwarmTimeline cs = runner(SwarmDisplay.silent()).run(small(8, 0, SwarmMode.CLIENT_SERVER), Duration.ofMinutes(10));
        assertThat(cs.lastCompletion().getAsDouble()).isGreaterThan(p2p.lastCompletion().getAsDouble());
        assertThat(cs.lastCompletion().getAsDouble()).isGreaterThanOrEqualTo(small(8, 0, SwarmMode.P2P).bounds().clientServerSeconds() - 0.01);
        assertThat(cs.peers()).allSatisfy(peer -> assertThat(peer.samples()).allSatisfy(s -> assertThat(s.upRate()).isZero()));
    }

    @Test
    void freeRidersAreMarkedAndNeverUpload() throws Exception {
        SwarmTimeline t = runner(SwarmDisplay.silent()).run(small(6, 2, SwarmMode.P2P), Duration.ofMinutes(10));
        assertThat(t.freeRiders()).hasSize(2).allSatisfy(peer ->
                assertThat(peer.samples()).allSatisfy(s -> assertThat(s.upRate()).isZero()));
        assertThat(t.contributors()).hasSize(4);
        assertThat(SwarmReport.render(t)).contains("free-riders: last done at");
    }

    @Test
    void runStopsAtTheTimeLimitAndReportsWhoDidNotFinish() throws Exception {
        SwarmParameters p = small(4, 0, SwarmMode.CLIENT_SERVER);
        SwarmTimeline t = runner(SwarmDisplay.silent()).run(p, Duration.ofSeconds(5));
        assertThat(t.allCompleted()).isFalse();
        assertThat(t.elapsedSeconds()).isBetween(5.0, 5.3);
        assertThat(SwarmReport.render(t)).contains("did not finish within");
        assertThat(created.getLast().closed()).isTrue();
    }

    @Test
    void plainDisplayPrintsStampedLinesPerPeerPeriodically() throws Exception {
        StringWriter out = new StringWriter();
        SwarmDisplay display = new SwarmDisplay(new PrintWriter(out), false, 5.0);
        SwarmTimeline t = runner(display).run(small(2, 0, SwarmMode.P2P), Duration.ofMinutes(10));
        String text = out.toString();
        assertThat(text).doesNotContain("\u001b[");
        assertThat(text).startsWith("swarm (p2p): N=2");
        assertThat(text).containsPattern("\\[ +0\\.3 s\\] peer-1 +\\[[#.]{20}\\] +[0-9.]+%  down .* up .* unchoked-by \\d");
        long blocks = text.lines().filter(l -> l.contains("] seed ")).count();
        // One block at the first sample, then one every 5 s of the run.
        assertThat(blocks).isEqualTo((long) Math.floor((t.elapsedSeconds() - 0.25) / 5) + 1);
    }

    @Test
    void terminalDisplayRedrawsTheBlockInPlace() throws Exception {
        StringWriter out = new StringWriter();
        SwarmDisplay display = new SwarmDisplay(new PrintWriter(out), true, 5.0);
        runner(display).run(small(2, 0, SwarmMode.P2P), Duration.ofMinutes(10));
        String text = out.toString();
        // Block = summary + seed + 2 peers: every redraw after the first moves up 4 lines.
        assertThat(text).contains("\u001b[4A").contains("\r\u001b[2Kpeer-2 ");
        assertThat(text).contains("2/2 peers done");
    }

    @Test
    void sweepRunsBothModesForEveryNAndClientServerGrowsWithN() throws Exception {
        SwarmRunner r = runner(SwarmDisplay.silent());
        List<SweepPoint> points = r.sweep(small(1, 0, SwarmMode.P2P), List.of(1, 2, 4, 8), null);
        assertThat(points).extracting(SweepPoint::peers).containsExactly(1, 2, 4, 8);
        assertThat(created).hasSize(8);
        for (int i = 1; i < points.size(); i++) {
            assertThat(points.get(i).clientServerSeconds().getAsDouble())
                    .isGreaterThan(points.get(i - 1).clientServerSeconds().getAsDouble());
        }
        SweepPoint eight = points.getLast();
        assertThat(eight.p2pSeconds().getAsDouble()).isLessThan(eight.clientServerSeconds().getAsDouble());
    }

    @Test
    void outputDirectoryGetsCsvSvgAndReport(@TempDir Path dir) throws Exception {
        SwarmTimeline t = runner(SwarmDisplay.silent()).run(small(3, 1, SwarmMode.P2P), Duration.ofMinutes(10));
        List<Path> files = SwarmOutput.writeRun(dir.resolve("out"), t);
        assertThat(files).extracting(f -> f.getFileName().toString())
                .containsExactly("timeline.csv", "swarm.svg", "report.txt");
        assertThat(Files.readString(dir.resolve("out/timeline.csv"))).startsWith(TimelineCsv.HEADER);
        assertThat(SvgDocuments.withClass(SvgDocuments.parse(Files.readString(dir.resolve("out/swarm.svg"))), "peer-series")).hasSize(3);
        assertThat(Files.readString(dir.resolve("out/report.txt"))).contains("last completion / P2P bound = ");
        assertThat(Files.list(dir.resolve("out"))).hasSize(3);

        List<Path> sweep = SwarmOutput.writeSweep(dir.resolve("out"), SweepSvgChartTest.points());
        // N=8 of the hand-made sweep: P2P measured 1.2 × 42.667 s, client-server unfinished (empty field).
        assertThat(Files.readString(sweep.getFirst()).lines()).hasSize(5).contains("8,51.200,,42.667,128.000");
        SvgDocuments.parse(Files.readString(sweep.getLast()));
    }
}
