package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionBoundsTest {
    private static final double MIB = 1 << 20;
    private static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void lectureExampleWithUnlimitedDownloadIsBoundByAggregateUpload() {
        // F=64 MiB, u_s=4 MiB/s, u_i=1 MiB/s, N=8: P2P = max(16, 0, 8·64/(4+8)) = 42.67 s; c-s = 8·64/4 = 128 s.
        DistributionBounds b = new DistributionBounds(64 * (1L << 20), 8, 4 * MIB, 8 * MIB, INF);
        assertThat(b.oneCopyFromServerSeconds()).isCloseTo(16.0, within(1e-9));
        assertThat(b.slowestDownloadSeconds()).isZero();
        assertThat(b.aggregateUploadSeconds()).isCloseTo(512.0 / 12, within(1e-9));
        assertThat(b.p2pSeconds()).isCloseTo(42.6667, within(1e-4));
        assertThat(b.clientServerSeconds()).isCloseTo(128.0, within(1e-9));
    }

    @Test
    void slowDownloadersBindBothModesWhenFOverDminIsLargest() {
        // d_min = 0.25 MiB/s: F/d_min = 256 s beats 128 s (c-s) and 42.67 s (P2P).
        DistributionBounds b = new DistributionBounds(64 * (1L << 20), 8, 4 * MIB, 8 * MIB, 0.25 * MIB);
        assertThat(b.slowestDownloadSeconds()).isCloseTo(256.0, within(1e-9));
        assertThat(b.clientServerSeconds()).isCloseTo(256.0, within(1e-9));
        assertThat(b.p2pSeconds()).isCloseTo(256.0, within(1e-9));
    }

    @Test
    void downloadBoundBindsOnlyP2PWhenBetweenTheTwo() {
        // d_min = 1 MiB/s: F/d_min = 64 s; c-s still 128 s, P2P now 64 s instead of 42.67 s.
        DistributionBounds b = new DistributionBounds(64 * (1L << 20), 8, 4 * MIB, 8 * MIB, MIB);
        assertThat(b.clientServerSeconds()).isCloseTo(128.0, within(1e-9));
        assertThat(b.p2pSeconds()).isCloseTo(64.0, within(1e-9));
    }

    @Test
    void singlePeerNeedsOneCopyFromTheServerInBothModes() {
        // N=1: N·F/u_s = F/u_s = 16 s; N·F/(u_s+u_1) = 64/5 = 12.8 s < 16 s, so both bounds are 16 s.
        DistributionBounds b = new DistributionBounds(64 * (1L << 20), 1, 4 * MIB, MIB, INF);
        assertThat(b.clientServerSeconds()).isCloseTo(16.0, within(1e-9));
        assertThat(b.aggregateUploadSeconds()).isCloseTo(12.8, within(1e-9));
        assertThat(b.p2pSeconds()).isCloseTo(16.0, within(1e-9));
    }

    @Test
    void withoutPeerUploadP2PBoundEqualsClientServerBound() {
        DistributionBounds b = new DistributionBounds(10_000_000, 32, 1_000_000, 0, INF);
        assertThat(b.p2pSeconds()).isCloseTo(320.0, within(1e-9));
        assertThat(b.clientServerSeconds()).isCloseTo(320.0, within(1e-9));
    }

    @Test
    void p2pBoundApproachesServerOnlyCopyAsPeersGrow() {
        // u_i = u_s: N·F/(u_s + N·u_s) -> F/u_s as N grows; c-s grows linearly.
        double prev = 0;
        for (int n : new int[] {1, 2, 4, 8, 16, 32, 1024}) {
            DistributionBounds b = new DistributionBounds(1_000_000, n, 1000, n * 1000.0, INF);
            assertThat(b.p2pSeconds()).isCloseTo(1000.0, within(1e-6));
            assertThat(b.clientServerSeconds()).isCloseTo(1000.0 * n, within(1e-6)).isGreaterThan(prev);
            prev = b.clientServerSeconds();
        }
    }

    @Test
    void rejectsNonsense() {
        assertThatThrownBy(() -> new DistributionBounds(0, 1, 1, 0, INF)).hasMessageContaining("file size");
        assertThatThrownBy(() -> new DistributionBounds(1, 0, 1, 0, INF)).hasMessageContaining("peers");
        assertThatThrownBy(() -> new DistributionBounds(1, 1, 0, 0, INF)).hasMessageContaining("server upload");
        assertThatThrownBy(() -> new DistributionBounds(1, 1, 1, -1, INF)).hasMessageContaining("peer upload");
        assertThatThrownBy(() -> new DistributionBounds(1, 1, 1, 0, 0)).hasMessageContaining("download");
        assertThatThrownBy(() -> new DistributionBounds(1, 1, Double.NaN, 0, INF)).hasMessageContaining("server upload");
    }
}
