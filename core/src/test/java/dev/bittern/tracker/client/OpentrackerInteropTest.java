package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.interop.Opentracker;
import dev.bittern.metainfo.InfoHash;
import dev.bittern.time.Clock;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop: our client against the real opentracker, over HTTP and UDP. Two peers announce the
 * same torrent; the second must receive the first. Fails (never skips) when opentracker is
 * missing.
 */
class OpentrackerInteropTest {
    static final InfoHash HTTP_TORRENT = InfoHash.fromHex("aa".repeat(10) + "0123456789abcdef0123");
    static final InfoHash UDP_TORRENT = InfoHash.fromHex("bb".repeat(10) + "0123456789abcdef0123");
    static final InfoHash FACADE_TORRENT = InfoHash.fromHex("dd".repeat(10) + "0123456789abcdef0123");
    static final InfoHash NOT_WHITELISTED = InfoHash.fromHex("cc".repeat(20));

    private static Opentracker tracker;
    private static HttpTrackerTransport http;
    private static int tcpPort;
    private static int udpPort;

    @BeforeAll
    static void startOpentracker() {
        tracker = Opentracker.start(List.of(HTTP_TORRENT, UDP_TORRENT, FACADE_TORRENT));
        tcpPort = tracker.httpPort();
        udpPort = tracker.udpPort();
        http = HttpTrackerTransport.create(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stopOpentracker() {
        if (http != null) {
            http.close();
        }
        if (tracker != null) {
            tracker.close();
        }
    }

    private static AnnounceRequest peer(InfoHash torrent, char name, int port) {
        byte[] id = ("-BN0001-" + String.valueOf(name).repeat(12)).getBytes(StandardCharsets.US_ASCII);
        return new AnnounceRequest(torrent, id, port, 0, 0, 1000, AnnounceEvent.STARTED, 50, name, true);
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void secondPeerLearnsTheFirstOverHttp() throws Exception {
        String url = "http://127.0.0.1:" + tcpPort + "/announce";
        http.announce(url, peer(HTTP_TORRENT, 'A', 7001), Optional.empty());
        AnnounceResponse second = http.announce(url, peer(HTTP_TORRENT, 'B', 7002), Optional.empty());
        assertThat(second.peers()).extracting(TrackerPeer::address).contains(local(7001));
        assertThat(second.incomplete()).hasValue(2);
        assertThat(second.interval()).isPositive();
        Map<InfoHash, ScrapeResponse> scrape = http.scrape(url, List.of(HTTP_TORRENT));
        assertThat(scrape.get(HTTP_TORRENT).incomplete()).isEqualTo(2);
    }

    @Test
    void secondPeerLearnsTheFirstOverUdp() throws Exception {
        UdpTrackerTransport udp = new UdpTrackerTransport(Clock.system(), new SplittableRandom(11),
                new UdpTrackerExchange.Timeouts(Duration.ofSeconds(1), 3));
        String url = "udp://127.0.0.1:" + udpPort + "/announce";
        udp.announce(url, peer(UDP_TORRENT, 'C', 7101));
        AnnounceResponse second = udp.announce(url, peer(UDP_TORRENT, 'D', 7102));
        assertThat(second.peers()).extracting(TrackerPeer::address).contains(local(7101));
        assertThat(second.incomplete()).hasValue(2);
        assertThat(udp.scrape(url, List.of(UDP_TORRENT))).containsExactly(new ScrapeResponse(UDP_TORRENT, 0, 0, 2));
    }

    @Test
    void torrentOffTheWhitelistIsRefusedWithTheTrackersReason() {
        assertThatThrownBy(() -> http.announce("http://127.0.0.1:" + tcpPort + "/announce", peer(NOT_WHITELISTED, 'E', 7201), Optional.empty()))
                .isInstanceOf(TrackerFailureException.class).hasMessageContaining("not authorized");
    }

    @Test
    void facadeAnnouncesOverTiersMixingUdpAndHttp() throws Exception {
        try (TrackerClient client = new TrackerClient(
                new TrackerTiers(List.of(List.of("udp://127.0.0.1:" + udpPort + "/announce"),
                        List.of("http://127.0.0.1:" + tcpPort + "/announce")), new SplittableRandom(5)),
                new AnnounceScheduler(Clock.system()), HttpTrackerTransport.create(Duration.ofSeconds(10)),
                new UdpTrackerTransport(Clock.system(), new SplittableRandom(6), new UdpTrackerExchange.Timeouts(Duration.ofSeconds(1), 3)))) {
            http.announce("http://127.0.0.1:" + tcpPort + "/announce", peer(FACADE_TORRENT, 'G', 7302), Optional.empty());
            AnnounceResponse r = client.announce(peer(FACADE_TORRENT, 'F', 7301));
            assertThat(r.peers()).extracting(TrackerPeer::address).contains(local(7302));
            assertThat(client.tiers().tiers().getFirst()).containsExactly("udp://127.0.0.1:" + udpPort + "/announce");
            assertThat(client.scheduler().isDue()).isFalse();
        }
    }
}
