package dev.bittern.tracker.server;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

import static dev.bittern.tracker.server.Peers.TORRENT;
import static dev.bittern.tracker.server.Peers.peerId;
import static dev.bittern.tracker.server.TrackerHttp.announce;
import static dev.bittern.tracker.server.TrackerHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

class HttpTrackerServerTest {
    private TrackerServer server;
    private int port;

    @BeforeEach
    void start() throws IOException {
        server = start(Optional.empty());
        port = server.httpPort();
    }

    private static TrackerServer start(Optional<Set<InfoHash>> allowList) throws IOException {
        return TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1, Optional.empty(), allowList,
                TrackerLimits.DEFAULT.withInterval(120), false), Clock.system());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void compactAnnounceReturnsOtherPeersFromTheirSourceAddress() throws IOException {
        BDictionary first = get(port, announce(TORRENT, peerId(1), 7001, 10, "&event=started")).bencoded();
        assertThat(first.require("peers", BString.class).bytes()).isEmpty();
        assertThat(first.requireLong("interval")).isEqualTo(120);
        BDictionary second = get(port, announce(TORRENT, peerId(2), 7002, 10, "&event=started&compact=1")).bencoded();
        assertThat(second.require("peers", BString.class).bytes()).containsExactly(127, 0, 0, 1, 7001 >> 8, 7001 & 0xFF);
        assertThat(second.requireLong("incomplete")).isEqualTo(2);
        assertThat(second.requireLong("complete")).isZero();
    }

    @Test
    void compactZeroGivesDictionariesWithPeerIdsUnlessNoPeerId() throws IOException {
        get(port, announce(TORRENT, peerId(1), 7001, 0, ""));
        BDictionary dict = get(port, announce(TORRENT, peerId(2), 7002, 10, "&compact=0")).bencoded();
        BDictionary peer = (BDictionary) dict.require("peers", BList.class).values().get(0);
        assertThat(peer.requireString("ip")).isEqualTo("127.0.0.1");
        assertThat(peer.requireLong("port")).isEqualTo(7001);
        assertThat(peer.require("peer id", BString.class).bytes()).isEqualTo(peerId(1));
        BDictionary noId = get(port, announce(TORRENT, peerId(2), 7002, 10, "&compact=0&no_peer_id=1")).bencoded();
        assertThat(((BDictionary) noId.require("peers", BList.class).values().get(0)).containsKey("peer id")).isFalse();
    }

    @Test
    void ipv6PeersAreReturnedAsCompactPeers6() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        try (TrackerServer six = TrackerServer.start(new TrackerConfig(v6, 0, -1, Optional.empty(), Optional.empty(),
                TrackerLimits.DEFAULT, false), Clock.system())) {
            TrackerHttp.get(v6, six.httpPort(), announce(TORRENT, peerId(1), 7001, 10, ""));
            BDictionary r = TrackerHttp.get(v6, six.httpPort(), announce(TORRENT, peerId(2), 7002, 10, "")).bencoded();
            byte[] expected = new byte[18];
            expected[15] = 1;
            expected[16] = (byte) (7001 >> 8);
            expected[17] = (byte) 7001;
            assertThat(r.require("peers6", BString.class).bytes()).containsExactly(expected);
            assertThat(r.require("peers", BString.class).bytes()).isEmpty();
        }
    }

    @Test
    void wildcardBindServesIpv4AndIpv6Clients() throws IOException {
        // A specific IPv4 address gets an IPv4-only socket; the wildcard must stay dual-stack.
        try (TrackerServer any = TrackerServer.start(new TrackerConfig(InetAddress.getByName("0.0.0.0"), 0, -1,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system())) {
            TrackerHttp.get(InetAddress.getByName("127.0.0.1"), any.httpPort(), announce(TORRENT, peerId(1), 7001, 10, ""));
            BDictionary r = TrackerHttp.get(InetAddress.getByName("::1"), any.httpPort(),
                    announce(TORRENT, peerId(2), 7002, 10, "")).bencoded();
            assertThat(r.require("peers", BString.class).bytes()).containsExactly(127, 0, 0, 1, 7001 >> 8, 7001 & 0xFF);
        }
    }

    @Test
    void ipv4MappedSourceCountsAsIpv4() throws IOException {
        PeerAddress mapped = PeerAddress.of(InetAddress.getByName("::ffff:192.0.2.9"), 80);
        assertThat(mapped.isIpv6()).isFalse();
        assertThat(mapped.compact()).containsExactly(192, 0, 2, 9, 0, 80);
    }

    @Test
    void runningServerExpiresSilentPeersOnItsOwn() throws Exception {
        try (TrackerServer fast = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT.withInterval(1), false), Clock.system())) {
            get(fast.httpPort(), announce(TORRENT, peerId(1), 7001, 10, ""));
            assertThat(fast.stats().peers()).isEqualTo(1);
            // Interval 1 s: silent for 2 s means expired; the sweep runs every second.
            assertThat(ExternalClient.waitUntil(() -> fast.stats().peers() == 0, 15)).isTrue();
            assertThat(fast.stats().expiredPeers()).isEqualTo(1);
        }
    }

    @Test
    void ipParameterIsUsedWhenTrusted() throws IOException {
        try (TrackerServer trusting = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, true), Clock.system())) {
            get(trusting.httpPort(), announce(TORRENT, peerId(1), 7001, 10, "&ip=192.0.2.1"));
            BDictionary r = get(trusting.httpPort(), announce(TORRENT, peerId(2), 7002, 10, "")).bencoded();
            assertThat(r.require("peers", BString.class).bytes()).containsExactly(192, 0, 2, 1, 7001 >> 8, 7001 & 0xFF);
        }
    }

    @Test
    void ipParameterIsIgnoredByDefault() throws IOException {
        get(port, announce(TORRENT, peerId(1), 7001, 10, "&ip=192.0.2.1"));
        BDictionary r = get(port, announce(TORRENT, peerId(2), 7002, 10, "")).bencoded();
        assertThat(r.require("peers", BString.class).bytes()).startsWith(127, 0, 0, 1);
    }

    @Test
    void scrapeAnswersSeveralInfoHashes() throws IOException {
        InfoHash other = InfoHash.ofHex("ff".repeat(20));
        get(port, announce(TORRENT, peerId(1), 7001, 0, "&event=completed"));
        get(port, announce(TORRENT, peerId(2), 7002, 5, ""));
        BDictionary files = get(port, "/scrape?info_hash=" + TrackerHttp.urlEncode(TORRENT.bytes())
                + "&info_hash=" + TrackerHttp.urlEncode(other.bytes())).bencoded().require("files", BDictionary.class);
        BDictionary t = (BDictionary) files.entries().get(BString.of(TORRENT.bytes()));
        assertThat(t.requireLong("complete")).isEqualTo(1);
        assertThat(t.requireLong("incomplete")).isEqualTo(1);
        assertThat(t.requireLong("downloaded")).isEqualTo(1);
        assertThat(files.size()).isEqualTo(2);
    }

    @Test
    void scrapeAnswerLargerThanAnInlineWriteArrivesWhole() throws IOException {
        // 100 info-hashes give a body of about 6 KB, more than the acceptor writes itself on a
        // connection still in blocking mode; a virtual thread must finish it.
        StringBuilder target = new StringBuilder("/scrape?");
        for (int i = 0; i < 100; i++) {
            byte[] hash = new byte[20];
            hash[0] = (byte) i;
            target.append(i == 0 ? "" : "&").append("info_hash=").append(TrackerHttp.urlEncode(hash));
        }
        TrackerHttp.Response r = get(port, target.toString());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.head()).contains("Connection: close");
        assertThat(r.bencoded().require("files", BDictionary.class).size()).isEqualTo(100);
    }

    @Test
    void stoppedRemovesThePeer() throws IOException {
        get(port, announce(TORRENT, peerId(1), 7001, 10, ""));
        get(port, announce(TORRENT, peerId(1), 7001, 10, "&event=stopped"));
        BDictionary r = get(port, announce(TORRENT, peerId(2), 7002, 10, "")).bencoded();
        assertThat(r.require("peers", BString.class).bytes()).isEmpty();
        assertThat(r.requireLong("incomplete")).isEqualTo(1);
    }

    @Test
    void malformedAnnounceGetsABencodedFailureReason() throws IOException {
        TrackerHttp.Response r = get(port, "/announce?info_hash=abc&peer_id=x");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bencoded().requireString("failure reason")).isEqualTo("info_hash: must be 20 bytes, got 3");
        assertThat(get(port, "/announce").bencoded().requireString("failure reason")).isEqualTo("info_hash: missing");
        assertThat(get(port, "/announce?%%%").bencoded().requireString("failure reason"))
                .isEqualTo("query: invalid %-escape at offset 0");
        assertThat(get(port, "/announce?info_hash=%zz|").bencoded().requireString("failure reason"))
                .isEqualTo("query: invalid %-escape at offset 10");
        assertThat(get(port, "/scrape").bencoded().requireString("failure reason")).contains("at least one info_hash");
    }

    @Test
    void nonGetMethodIsRefused() throws IOException {
        TrackerHttp.Response r = TrackerHttp.raw(port, ("POST /announce HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n"
                + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.bencoded().requireString("failure reason")).isEqualTo("method: only GET is supported");
    }

    @Test
    void overlongRequestLineAndHeadersAreRejectedAndServerKeepsServing() throws IOException {
        TrackerHttp.Response longLine = get(port, "/announce?x=" + "a".repeat(40_000));
        assertThat(longLine.status()).isEqualTo(431);
        StringBuilder headers = new StringBuilder("GET /stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        for (int i = 0; i < 200; i++) {
            headers.append("X-Filler-").append(i).append(": ").append("v".repeat(100)).append("\r\n");
        }
        TrackerHttp.Response manyHeaders = TrackerHttp.raw(port, (headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        assertThat(manyHeaders.status()).isEqualTo(431);
        TrackerHttp.Response garbage = TrackerHttp.raw(port, "\u0000\u0001garbage\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(garbage.status()).isEqualTo(400);
        TrackerHttp.Response body = TrackerHttp.raw(port, "GET /announce HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(body.status()).isEqualTo(413);
        TrackerHttp.Response http2 = TrackerHttp.raw(port, "GET / HTTP/2.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(http2.status()).isEqualTo(505);
        assertThat(get(port, announce(TORRENT, peerId(1), 7001, 10, "")).status()).isEqualTo(200);
    }

    @Test
    void keepAliveConnectionServesPipelinedRequestsInOrder() throws IOException {
        String one = "GET " + announce(TORRENT, peerId(1), 7001, 10, "") + " HTTP/1.1\r\nHost: x\r\n\r\n";
        String two = "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n";
        String three = "HEAD /stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        TrackerHttp.Response all = TrackerHttp.raw(port, (one + two + three).getBytes(StandardCharsets.ISO_8859_1));
        String text = new String(all.head().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1)
                + "\r\n\r\n" + new String(all.body(), StandardCharsets.ISO_8859_1);
        assertThat(text.split("HTTP/1.1 200 OK", -1)).hasSize(4);
        assertThat(text).contains("bittern_tracker_announces_total 1").endsWith("Connection: close\r\n\r\n");
    }

    @Test
    void clientsStallingInTheMiddleOfAHeadDoNotHoldUpOthersAndAreAnsweredWhenTheyFinish() throws IOException {
        // More stalled clients than there are acceptor threads: the inline path must hand them off.
        String request = "GET " + announce(TORRENT, peerId(1), 7001, 10, "") + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        byte[] bytes = request.getBytes(StandardCharsets.ISO_8859_1);
        int split = 20;
        java.util.List<java.net.Socket> stalled = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors() + 2; i++) {
                java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port);
                stalled.add(s);
                s.setSoTimeout(10_000);
                s.getOutputStream().write(bytes, 0, split);
                s.getOutputStream().flush();
            }
            assertThat(get(port, announce(TORRENT, peerId(2), 7002, 0, "")).status()).isEqualTo(200);
            for (java.net.Socket s : stalled) {
                s.getOutputStream().write(bytes, split, bytes.length - split);
                s.getOutputStream().flush();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("Connection: close");
            }
        } finally {
            for (java.net.Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void closingAnswerOnTheInlinePathSaysConnectionCloseAndEndsTheStream() throws IOException {
        TrackerHttp.Response r = get(port, announce(TORRENT, peerId(1), 7001, 10, ""));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.head()).contains("Connection: close");
        assertThat(r.bencoded().requireLong("interval")).isEqualTo(120);
    }

    @Test
    void http10ClosesUnlessAskedToKeepAlive() throws IOException {
        TrackerHttp.Response r = TrackerHttp.raw(port, "GET /stats HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.head()).contains("Connection: close");
    }

    @Test
    void allowListRefusesUnknownInfoHashes() throws IOException {
        try (TrackerServer allowed = start(Optional.of(Set.of(TORRENT)))) {
            InfoHash other = InfoHash.ofHex("ee".repeat(20));
            BDictionary ok = get(allowed.httpPort(), announce(TORRENT, peerId(1), 7001, 10, "")).bencoded();
            assertThat(ok.containsKey("failure reason")).isFalse();
            BDictionary refused = get(allowed.httpPort(), announce(other, peerId(1), 7001, 10, "")).bencoded();
            assertThat(refused.requireString("failure reason")).contains("not tracked").contains(other.hex());
        }
    }

    @Test
    void metricsAndStatsReportCounters() throws IOException {
        get(port, announce(TORRENT, peerId(1), 7001, 0, ""));
        get(port, announce(TORRENT, peerId(2), 7002, 10, ""));
        String metrics = get(port, "/metrics").text();
        assertThat(metrics).contains("# TYPE bittern_tracker_seeders gauge\nbittern_tracker_seeders 1\n")
                .contains("bittern_tracker_leechers 1\n").contains("bittern_tracker_announces_total 2\n");
        assertThat(get(port, "/stats").text()).contains("<th>Seeders</th><td>1</td>");
        assertThat(get(port, "/nothing-here").status()).isEqualTo(404);
    }
}
