package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SwarmParametersTest {
    private static final long MIB = SwarmParameters.MIB;

    @Test
    void defaultsAreTheIssueExample() {
        SwarmParameters p = SwarmParameters.defaults();
        assertThat(p.peers()).isEqualTo(8);
        assertThat(p.fileBytes()).isEqualTo(64 * MIB);
        assertThat(p.bounds().p2pSeconds()).isCloseTo(512.0 / 12, within(1e-9));
        assertThat(p.bounds().clientServerSeconds()).isCloseTo(128.0, within(1e-9));
    }

    @Test
    void lastKPeersAreFreeRidersAndUploadNothing() {
        SwarmParameters p = new SwarmParameters(4, MIB, MIB, 100, 0, 2, SwarmMode.P2P);
        assertThat(p.isFreeRider(0)).isFalse();
        assertThat(p.isFreeRider(1)).isFalse();
        assertThat(p.isFreeRider(2)).isTrue();
        assertThat(p.isFreeRider(3)).isTrue();
        assertThat(p.uploadOf(1)).isEqualTo(100);
        assertThat(p.uploadOf(3)).isZero();
        assertThat(p.bounds().peerUploadSum()).isEqualTo(200.0);
    }

    @Test
    void clientServerLeechersNeverUploadButTheBoundsStayTheLectures() {
        SwarmParameters p = SwarmParameters.defaults().withMode(SwarmMode.CLIENT_SERVER);
        for (int i = 0; i < p.peers(); i++) {
            assertThat(p.uploadOf(i)).isZero();
        }
        assertThat(p.bounds()).isEqualTo(SwarmParameters.defaults().bounds());
    }

    @Test
    void peerDownloadZeroMeansUnlimited() {
        assertThat(SwarmParameters.defaults().bounds().minPeerDownload()).isInfinite();
        SwarmParameters limited = new SwarmParameters(8, 64 * MIB, 4 * MIB, MIB, MIB / 2, 0, SwarmMode.P2P);
        assertThat(limited.bounds().slowestDownloadSeconds()).isCloseTo(128.0, within(1e-9));
    }

    @Test
    void withPeersKeepsFreeRidersWithinN() {
        SwarmParameters p = new SwarmParameters(8, MIB, MIB, MIB, 0, 4, SwarmMode.P2P).withPeers(2);
        assertThat(p.peers()).isEqualTo(2);
        assertThat(p.freeRiders()).isEqualTo(2);
    }

    @Test
    void rejectsInvalidParametersNamingTheOption() {
        assertThatThrownBy(() -> new SwarmParameters(0, MIB, MIB, MIB, 0, 0, SwarmMode.P2P)).hasMessageContaining("--peers");
        assertThatThrownBy(() -> new SwarmParameters(1, 0, MIB, MIB, 0, 0, SwarmMode.P2P)).hasMessageContaining("--size");
        assertThatThrownBy(() -> new SwarmParameters(1, MIB, 0, MIB, 0, 0, SwarmMode.P2P)).hasMessageContaining("--seed-up");
        assertThatThrownBy(() -> new SwarmParameters(1, MIB, MIB, -1, 0, 0, SwarmMode.P2P)).hasMessageContaining("--peer-up");
        assertThatThrownBy(() -> new SwarmParameters(1, MIB, MIB, MIB, -1, 0, SwarmMode.P2P)).hasMessageContaining("--peer-down");
        assertThatThrownBy(() -> new SwarmParameters(2, MIB, MIB, MIB, 0, 3, SwarmMode.P2P)).hasMessageContaining("--free-riders");
    }

    @Test
    void modeParsesTheCliSpelling() {
        assertThat(SwarmMode.parse("p2p")).isEqualTo(SwarmMode.P2P);
        assertThat(SwarmMode.parse("client-server")).isEqualTo(SwarmMode.CLIENT_SERVER);
        assertThatThrownBy(() -> SwarmMode.parse("cs")).hasMessage("--mode must be p2p or client-server, not 'cs'");
    }
}
