package dev.bittern.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.MagnetLink.Peer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MagnetLinkTest {
    private static final String HEX = "dd8255ecdc7ca55fb0bbf81323d87062db1f6d1c";

    @Test
    void parsesARealWorldStyleLinkWithRepeatedTrackersInOrder() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX
                + "&dn=Big+Buck+Bunny&tr=udp%3A%2F%2Fexplodie.org%3A6969&tr=udp%3A%2F%2Ftracker.coppersurfer.tk%3A6969"
                + "&tr=wss%3A%2F%2Ftracker.btorrent.xyz&ws=https%3A%2F%2Fwebtorrent.io%2Ftorrents%2F&xl=276445467");
        assertThat(m.infoHash().hex()).isEqualTo(HEX);
        assertThat(m.displayName()).contains("Big Buck Bunny");
        assertThat(m.trackers()).containsExactly(
                "udp://explodie.org:6969", "udp://tracker.coppersurfer.tk:6969", "wss://tracker.btorrent.xyz");
        assertThat(m.peers()).isEmpty();
    }

    @Test
    void acceptsBase32AndUppercaseHexInfoHashes() {
        InfoHash h = InfoHash.fromHex(HEX);
        assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + h.base32()).infoHash()).isEqualTo(h);
        assertThat(MagnetLink.parse("magnet:?xt=urn:btih:" + h.base32().toLowerCase()).infoHash()).isEqualTo(h);
        assertThat(MagnetLink.parse("MAGNET:?XT=URN:BTIH:" + HEX.toUpperCase()).infoHash()).isEqualTo(h);
    }

    @Test
    void parsesPeerAddressesIncludingBracketedIpv6() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX
                + "&x.pe=10.0.0.1:6881&x.pe=%5B2001%3Adb8%3A%3A1%5D%3A51413&x.pe=peer.example.org:1");
        assertThat(m.peers()).containsExactly(
                new Peer("10.0.0.1", 6881), new Peer("2001:db8::1", 51413), new Peer("peer.example.org", 1));
        assertThat(m.peers().get(1)).hasToString("[2001:db8::1]:51413");
    }

    @Test
    void hybridLinkWithBtmhAndBtihUsesTheV1Hash() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX
                + "&xt=urn:btmh:1220caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e&dn=hybrid");
        assertThat(m.infoHash().hex()).isEqualTo(HEX);
    }

    @Test
    void numberedTrackerParametersAreAccepted() {
        MagnetLink m = MagnetLink.parse("magnet:?xt.1=urn:btih:" + HEX + "&tr.1=http://a.example/ann&tr.2=http://b.example/ann");
        assertThat(m.trackers()).containsExactly("http://a.example/ann", "http://b.example/ann");
    }

    @Test
    void formatsWithPercentEncoding() {
        MagnetLink m = new MagnetLink(InfoHash.fromHex(HEX), Optional.of("Ünïcode & more+1 100%"),
                List.of("http://t.example/announce?key=a&b=c"), List.of(new Peer("::1", 6881), new Peer("h.example", 80)));
        assertThat(m.toUri()).isEqualTo("magnet:?xt=urn:btih:" + HEX
                + "&dn=%C3%9Cn%C3%AFcode%20%26%20more%2B1%20100%25"
                + "&tr=http%3A%2F%2Ft.example%2Fannounce%3Fkey%3Da%26b%3Dc"
                + "&x.pe=%5B%3A%3A1%5D%3A6881&x.pe=h.example%3A80");
        assertThat(MagnetLink.parse(m.toUri())).isEqualTo(m);
    }

    @Test
    void magnetOfATorrentCarriesHashNameAndAllTrackers() {
        BDictionary info = TestTorrents.singleFileInfo("file.iso", 10, 16_384).build();
        byte[] bytes = Bencode.encode(BDictionary.builder()
                .put("announce-list", BList.of(TestTorrents.strings("http://a/ann"), TestTorrents.strings("udp://b:1", "http://a/ann")))
                .put("info", info).build());
        Metainfo t = Metainfo.parse(bytes);
        MagnetLink m = MagnetLink.of(t);
        assertThat(m.infoHash()).isEqualTo(t.infoHash());
        assertThat(m.displayName()).contains("file.iso");
        assertThat(m.trackers()).containsExactly("http://a/ann", "udp://b:1");
    }

    @Test
    void missingXtIsNamed() {
        assertMagnetError("magnet:?dn=x&tr=http://a/", "xt", "missing: a magnet needs xt=urn:btih:<info-hash>");
        assertMagnetError("magnet:?", "xt", "missing");
    }

    @Test
    void v2OnlyLinkIsRefusedClearly() {
        assertMagnetError("magnet:?xt=urn:btmh:1220caf1e1c30e81cb361b9ee167c4aa64228a7fa4fa9f6105232b28ad099f3a302e",
                "xt", "v2-only magnet (urn:btmh) is not supported");
    }

    @Test
    void otherExactTopicsAreNamed() {
        assertMagnetError("magnet:?xt=urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C", "xt",
                "'urn:sha1:YNCKHTQCWBTRNJIV4WNAE52SJUQCZO5C' is not a BitTorrent info-hash");
    }

    @Test
    void malformedInfoHashesSayWhy() {
        assertMagnetError("magnet:?xt=urn:btih:abc", "xt", "must be 40 hex or 32 base32 characters, got 3");
        assertMagnetError("magnet:?xt=urn:btih:" + "g".repeat(40), "xt", "not valid hex");
        assertMagnetError("magnet:?xt=urn:btih:" + "1".repeat(32), "xt", "not valid base32 at character 0");
        assertMagnetError("magnet:?xt=urn:btih:" + HEX + "&xt=urn:btih:" + "0".repeat(40), "xt", "two different info-hashes");
    }

    @Test
    void badParametersAreNamed() {
        String base = "magnet:?xt=urn:btih:" + HEX;
        assertMagnetError("http://example.org/?xt=urn:btih:" + HEX, "uri", "does not start with 'magnet:?'");
        assertMagnetError(base + "&tr=not%20a%20url", "tr", "not a tracker URL: 'not a url'");
        assertMagnetError(base + "&dn=%zz", "dn", "bad percent-escape at character 0");
        assertMagnetError(base + "&dn=%E2%82", "dn", "not valid UTF-8");
        assertMagnetError(base + "&dn", "dn", "has no value");
        assertMagnetError(base + "&dn=a\uD800b", "dn", "unpaired surrogate at character 1");
        assertMagnetError(base + "&x.pe=10.0.0.1", "x.pe", "is not host:port");
        assertMagnetError(base + "&x.pe=2001:db8::1:80", "x.pe", "IPv6 needs brackets");
        assertMagnetError(base + "&x.pe=10.0.0.1:0", "x.pe", "port 0 is outside 1-65535");
        assertMagnetError(base + "&x.pe=10.0.0.1:70000", "x.pe", "port 70000 is outside 1-65535");
        assertMagnetError(base + "&x.pe=[zz]:80", "x.pe", "is not an IPv6 address");
        assertMagnetError(base + "&x.pe=[1:::2]:80", "x.pe", "is not an IPv6 address");
        assertMagnetError(base + "&x.pe=[1:2:3:4:5:6:7:8:9]:80", "x.pe", "is not an IPv6 address");
        assertMagnetError(base + "&x.pe=a%2Fb:80", "x.pe", "is not a host name or IPv4 address");
        assertMagnetError("magnet:?xt=urn:btih:" + HEX + "&dn=" + "a".repeat(MagnetLink.MAX_LENGTH), "uri", "longer than");
    }

    @Test
    void unknownParametersAreIgnored() {
        MagnetLink m = MagnetLink.parse("magnet:?xt=urn:btih:" + HEX + "&xl=10&as=http%3A%2F%2Fx&so=0-3&&kt=a+b");
        assertThat(m).isEqualTo(new MagnetLink(InfoHash.fromHex(HEX), Optional.empty(), List.of(), List.of()));
    }

    private static void assertMagnetError(String uri, String parameter, String why) {
        assertThatThrownBy(() -> MagnetLink.parse(uri))
                .isInstanceOf(MagnetException.class)
                .hasMessageStartingWith("invalid magnet: " + parameter + ": ")
                .hasMessageContaining(why)
                .extracting(e -> ((MagnetException) e).parameter()).isEqualTo(parameter);
    }
}
