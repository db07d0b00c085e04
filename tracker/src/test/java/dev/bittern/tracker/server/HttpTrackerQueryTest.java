package dev.bittern.tracker.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpTrackerQueryTest {
    static final String HASH = "%01%23Eg%89%AB%CD%EF%01%23Eg%89%AB%CD%EF%01%23Eg";
    static final String PEER = "-BT0001-abcdefghijkl";
    static final String BASE = "info_hash=" + HASH + "&peer_id=" + PEER + "&port=6881&uploaded=1&downloaded=2&left=3";

    @Test
    void decodesAFullAnnounce() {
        AnnounceRequest r = HttpTrackerQuery.parseAnnounce(BASE
                + "&event=started&numwant=20&compact=0&no_peer_id=1&key=abcd1234&supportcrypto=1");
        assertThat(r.infoHash()).isEqualTo(Peers.TORRENT);
        assertThat(new String(r.peerId(), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(PEER);
        assertThat(r.port()).isEqualTo(6881);
        assertThat(r.uploaded()).isEqualTo(1);
        assertThat(r.downloaded()).isEqualTo(2);
        assertThat(r.left()).isEqualTo(3);
        assertThat(r.event()).isEqualTo(AnnounceEvent.STARTED);
        assertThat(r.numWant()).hasValue(20);
        assertThat(r.compact()).isFalse();
        assertThat(r.noPeerId()).isTrue();
        assertThat(r.key()).isPresent();
        assertThat(r.claimedIp()).isEmpty();
    }

    @Test
    void defaultsAreCompactNoEventAndTrackerNumWant() {
        AnnounceRequest r = HttpTrackerQuery.parseAnnounce(BASE);
        assertThat(r.compact()).isTrue();
        assertThat(r.event()).isEqualTo(AnnounceEvent.NONE);
        assertThat(r.numWant()).isEmpty();
    }

    @Test
    void literalIpParameterIsDecodedAndNamesAreIgnored() {
        assertThat(HttpTrackerQuery.parseAnnounce(BASE + "&ip=192.0.2.7").claimedIp())
                .contains(new PeerAddress(new byte[]{(byte) 192, 0, 2, 7}, 6881));
        assertThat(HttpTrackerQuery.parseAnnounce(BASE + "&ip=2001:db8::1").claimedIp()).get()
                .satisfies(a -> assertThat(a.isIpv6()).isTrue());
        assertThat(HttpTrackerQuery.parseAnnounce(BASE + "&ip=example.org").claimedIp()).isEmpty();
        assertThat(HttpTrackerQuery.parseAnnounce(BASE + "&ip=300.1.1.1").claimedIp()).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''|info_hash: missing",
            "info_hash=abc&peer_id=" + PEER + "&port=1&left=0|info_hash: must be 20 bytes, got 3",
            "info_hash=" + HASH + "&port=1&left=0|peer_id: missing",
            "info_hash=" + HASH + "&peer_id=short&port=1&left=0|peer_id: must be 20 bytes",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&left=0|port: must be between 1 and 65535",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=0&left=0|port: must be between 1 and 65535",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=65536&left=0|port: must be at most 65535",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=-5&left=0|port: must be a non-negative decimal",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1|left: missing",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=99999999999999999999|left: must be a decimal number of 1 to 19 digits",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=1&left=2|left: given more than once",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=1&foo=1&foo=2|foo: given more than once",
            "left=1&left=2&x=%zz|query: invalid %-escape at offset 16",
            "info_hash=" + HASH + "&info_hash=" + HASH + "&port=1|info_hash: given more than once",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=0&event=paws|event: must be started",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=0&compact=yes|compact: must be 0 or 1",
            "info_hash=" + HASH + "&peer_id=" + PEER + "&port=1&left=0&numwant=x|numwant: must be a non-negative",
            "info_hash=%zz|query: invalid %-escape at offset 10",
            "info_hash=%4|query: truncated %-escape at offset 10",
            "info_hash=a b|query: unescaped character 0x20 at offset 11",
    })
    void malformedAnnouncesAreRefusedNamingTheField(String query, String message) {
        assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce(query))
                .isInstanceOf(TrackerRequestException.class).hasMessageContaining(message);
    }

    @Test
    void oversizedQueriesAreRefusedBeforeDecoding() {
        assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce("a=" + "x".repeat(HttpTrackerQuery.MAX_QUERY_LENGTH)))
                .hasMessageContaining("query: longer than");
        assertThatThrownBy(() -> HttpTrackerQuery.parseAnnounce("a=1&".repeat(HttpTrackerQuery.MAX_PARAMETERS + 1)))
                .hasMessageContaining("more than 128 parameters");
    }

    @Test
    void scrapeCollectsEveryInfoHash() {
        String other = "%FF".repeat(20);
        assertThat(HttpTrackerQuery.parseScrape("info_hash=" + HASH + "&info_hash=" + other))
                .containsExactly(Peers.TORRENT, InfoHash.ofHex("ff".repeat(20)));
        assertThat(HttpTrackerQuery.parseScrape(null)).isEmpty();
        assertThatThrownBy(() -> HttpTrackerQuery.parseScrape("info_hash=abc"))
                .hasMessageContaining("info_hash: must be 20 bytes, got 3");
    }

    @Test
    void emptyPairsAndValuelessNamesAreTolerated() {
        assertThat(HttpTrackerQuery.split("&&a&b=&c=1&")).extracting(HttpTrackerQuery.Parameter::name)
                .isEqualTo(List.of("a", "b", "c"));
    }
}
