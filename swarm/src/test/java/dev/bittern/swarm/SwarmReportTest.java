package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SwarmReportTest {
    @Test
    void reportListsEveryPeerTheLastCompletionBothBoundsAndTheRatio() {
        String report = SwarmReport.render(SwarmTimelines.threePeers());
        assertThat(report).contains("swarm (p2p): N=3 peers (1 free-riders), F=64.0 MiB, u_s=4.0 MiB/s, u_i=1.0 MiB/s, d=unlimited");
        assertThat(report).containsPattern("peer-1 +contributor +40\\.0 s");
        assertThat(report).containsPattern("peer-3 +free-rider +50\\.0 s");
        assertThat(report).contains("last completion: 50.0 s");
        assertThat(report).contains("client-server bound: max(N·F/u_s = 48.0 s, F/d_min = 0.0 s) = 48.0 s");
        assertThat(report).contains("P2P bound: max(F/u_s = 16.0 s, F/d_min = 0.0 s, N·F/(u_s+Σu_i) = 32.0 s) = 32.0 s");
        assertThat(report).contains("last completion / P2P bound = 1.56");
    }

    @Test
    void freeRidersAreReportedSeparatelyFromContributors() {
        String report = SwarmReport.render(SwarmTimelines.threePeers());
        assertThat(report).contains("free-riders: last done at 50.0 s, mean 50.0 s (1 of 1 finished); "
                + "contributors: last done at 44.0 s, mean 42.0 s (2 of 2 finished)");
    }

    @Test
    void unfinishedPeersAreSaidSoAndNoRatioIsInvented() {
        SwarmParameters p = new SwarmParameters(2, 1000, 100, 100, 0, 0, SwarmMode.CLIENT_SERVER);
        PeerTimeline a = new PeerTimeline("peer-1", false);
        a.complete(12);
        PeerTimeline b = new PeerTimeline("peer-2", false);
        String report = SwarmReport.render(new SwarmTimeline(p, List.of(a, b), 30));
        assertThat(report).containsPattern("peer-1 +client +12\\.0 s");
        assertThat(report).contains("peer-2").contains("not finished after 30.0 s");
        assertThat(report).contains("last completion: none — 1 of 2 peers did not finish within 30.0 s");
        assertThat(report).contains("last completion / P2P bound = n/a");
        assertThat(report).contains("u_i=0 (client-server)");
    }

    @Test
    void sweepTableHasOneRowPerN() {
        String table = SwarmReport.renderSweep(SweepSvgChartTest.points());
        assertThat(table.lines()).hasSize(5);
        assertThat(table).containsPattern("\\s8\\s+\\S+ s\\s+\\S+ s\\s+unfinished\\s+128\\.0 s");
    }
}
