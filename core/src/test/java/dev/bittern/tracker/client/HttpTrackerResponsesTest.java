package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpTrackerResponsesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static InetSocketAddress addr(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    @Test
    void compactPeersAreSixBytesEach() throws Exception {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(b("d8:intervali1800e5:peers12:"));
        out.writeBytes(new byte[] {10, 0, 0, 1, 0x1a, (byte) 0xe1, (byte) 192, (byte) 168, 1, 2, (byte) 0xc8, (byte) 0xd5});
        out.writeBytes(b("e"));
        byte[] body = out.toByteArray();
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(body);
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(r.peers()).containsExactly(
                TrackerPeer.of(addr("10.0.0.1", 6881)), TrackerPeer.of(addr("192.168.1.2", 51413)));
        assertThat(r.minInterval()).isEmpty();
        assertThat(r.trackerId()).isEmpty();
        assertThat(r.warning()).isEmpty();
    }

    @Test
    void unsortedKeysFromRealTrackersAreAcceptedButDuplicatesAreNot() throws Exception {
        // Keys in the order some trackers emit them (peers before interval, complete last), also
        // inside a scrape entry; BEP 3 wants them sorted, but nothing is lost by reading them anyway.
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(b("d5:peers6:"));
        out.writeBytes(new byte[] {10, 0, 0, 1, 0x1a, (byte) 0xe1});
        out.writeBytes(b("8:intervali1800e12:min intervali60e8:completei5ee"));
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(out.toByteArray());
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(r.minInterval()).contains(Duration.ofSeconds(60));
        assertThat(r.complete()).hasValue(5);
        assertThat(r.peers()).containsExactly(TrackerPeer.of(addr("10.0.0.1", 6881)));

        InfoHash h = InfoHash.of(new byte[20]);
        java.io.ByteArrayOutputStream scrape = new java.io.ByteArrayOutputStream();
        scrape.writeBytes(b("d5:filesd20:"));
        scrape.writeBytes(h.bytes());
        scrape.writeBytes(b("d10:incompletei2e8:completei3e10:downloadedi10eeee"));
        assertThat(HttpTrackerResponses.parseScrape(scrape.toByteArray()))
                .containsExactly(Map.entry(h, new ScrapeResponse(h, 3, 10, 2)));

        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d8:intervali1800e5:peers0:8:intervali60ee")))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("duplicate");
    }

    @Test
    void dictionaryPeersKeepTheirPeerIdAndAcceptIpv6AndHostNames() throws Exception {
        byte[] id = b("-XX0001-abcdefghijkl");
        BDictionary body = BDictionary.builder()
                .put("interval", 900)
                .put("peers", BList.of(
                        BDictionary.builder().put("ip", "10.1.2.3").put("port", 7000).put("peer id", id).build(),
                        BDictionary.builder().put("ip", "2001:db8::1").put("port", 7001).build(),
                        BDictionary.builder().put("ip", "peer.example").put("port", 7002).put("peer id", "short").build()))
                .build();
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(Bencode.encode(body));
        assertThat(r.peers()).containsExactly(
                new TrackerPeer(addr("10.1.2.3", 7000), id),
                TrackerPeer.of(addr("2001:db8::1", 7001)),
                TrackerPeer.of(InetSocketAddress.createUnresolved("peer.example", 7002)));
        assertThat(r.peers().get(2).address().isUnresolved()).isTrue();
    }

    @Test
    void peers6AreEighteenBytesEachAndFollowIpv4Peers() throws Exception {
        byte[] v6 = CompactPeers.encode(List.of(addr("2001:db8::7", 6881), addr("::1", 1)), true);
        byte[] v4 = CompactPeers.encode(List.of(addr("127.0.0.1", 2)), false);
        BDictionary body = BDictionary.builder().put("interval", 60).put("peers", v4).put("peers6", v6).build();
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(Bencode.encode(body));
        assertThat(r.peers()).extracting(TrackerPeer::address)
                .containsExactly(addr("127.0.0.1", 2), addr("2001:db8::7", 6881), addr("::1", 1));
    }

    @Test
    void failureReasonBecomesTrackerFailureException() {
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d14:failure reason12:unregisterede")))
                .isInstanceOf(TrackerFailureException.class)
                .extracting(e -> ((TrackerFailureException) e).reason()).isEqualTo("unregistered");
    }

    @Test
    void warningMessageTrackerIdMinIntervalAndCountsAreReported() throws Exception {
        BDictionary body = BDictionary.builder()
                .put("interval", 1800).put("min interval", 900).put("tracker id", "tid-42")
                .put("complete", 5).put("incomplete", 7).put("warning message", "slow down")
                .put("peers", new byte[0]).build();
        AnnounceResponse r = HttpTrackerResponses.parseAnnounce(Bencode.encode(body));
        assertThat(r.minInterval()).contains(Duration.ofSeconds(900));
        assertThat(r.trackerId()).contains(BString.of("tid-42"));
        assertThat(r.complete()).hasValue(5);
        assertThat(r.incomplete()).hasValue(7);
        assertThat(r.warning()).contains("slow down");
        assertThat(r.peers()).isEmpty();
    }

    @Test
    void compactPeersOfWrongLengthNameTheField() {
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d8:intervali1e5:peers7:abcdefge")))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("multiple of 6")
                .extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("peers");
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d8:intervali1e6:peers66:abcdefe")))
                .isInstanceOf(TrackerProtocolException.class)
                .extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("peers6");
    }

    @Test
    void missingOrNegativeIntervalIsRejected() {
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d5:peers0:e")))
                .isInstanceOf(TrackerProtocolException.class)
                .extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("interval");
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d8:intervali-5ee")))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d8:interval2:60e")))
                .isInstanceOf(TrackerProtocolException.class)
                .extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("interval");
    }

    @Test
    void badDictionaryPeersNameTheEntry() {
        byte[] noPort = Bencode.encode(BDictionary.builder().put("interval", 1)
                .put("peers", BList.of(BDictionary.builder().put("ip", "1.2.3.4").put("port", 1).build(),
                        BDictionary.builder().put("ip", "1.2.3.4").build())).build());
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(noPort))
                .isInstanceOf(TrackerProtocolException.class)
                .extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("peers[1].port");
        byte[] badPort = Bencode.encode(BDictionary.builder().put("interval", 1)
                .put("peers", BList.of(BDictionary.builder().put("ip", "1.2.3.4").put("port", 70000).build())).build());
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(badPort))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("out of range");
        byte[] badIp = Bencode.encode(BDictionary.builder().put("interval", 1)
                .put("peers", BList.of(BDictionary.builder().put("ip", "fe80::1%eth0").put("port", 1).build())).build());
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(badIp))
                .isInstanceOf(TrackerProtocolException.class)
                .extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("peers[0].ip");
        byte[] notDict = b("d8:intervali1e5:peersli1eee");
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(notDict))
                .isInstanceOf(TrackerProtocolException.class)
                .extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("peers[0]");
    }

    @Test
    void bencodeErrorsCarryTheirOffset() {
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("d8:intervali1e5:peers")))
                .isInstanceOf(TrackerProtocolException.class)
                .satisfies(e -> {
                    TrackerProtocolException p = (TrackerProtocolException) e;
                    assertThat(p.field()).isEqualTo("body");
                    assertThat(p.offset()).isEqualTo(21);
                });
        assertThatThrownBy(() -> HttpTrackerResponses.parseAnnounce(b("<html>not found</html>")))
                .isInstanceOf(TrackerProtocolException.class).extracting(e -> ((TrackerProtocolException) e).offset()).isEqualTo(0L);
    }

    @Test
    void scrapeFilesAreKeyedByInfoHash() throws Exception {
        InfoHash h = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
        byte[] body = Bencode.encode(BDictionary.builder().put("files", BDictionary.builder()
                .put(BString.of(h.bytes()), BDictionary.builder().put("complete", 3).put("downloaded", 10).put("incomplete", 2).build())
                .build()).build());
        Map<InfoHash, ScrapeResponse> r = HttpTrackerResponses.parseScrape(body);
        assertThat(r).containsExactly(Map.entry(h, new ScrapeResponse(h, 3, 10, 2)));
        assertThatThrownBy(() -> HttpTrackerResponses.parseScrape(b("d5:filesd3:abcdeee")))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("not an info-hash");
        assertThatThrownBy(() -> HttpTrackerResponses.parseScrape(b("d14:failure reason4:nopee")))
                .isInstanceOf(TrackerFailureException.class);
    }
}
