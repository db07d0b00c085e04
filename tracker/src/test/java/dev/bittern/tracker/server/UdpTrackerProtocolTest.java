package dev.bittern.tracker.server;

import dev.bittern.time.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.bittern.tracker.server.Peers.TORRENT;
import static org.assertj.core.api.Assertions.assertThat;

class UdpTrackerProtocolTest {
    private final VirtualClock clock = new VirtualClock();
    private final TrackerService service = new TrackerService(
            new TrackerState(clock, TrackerLimits.DEFAULT.withInterval(300), Optional.of(Set.of(TORRENT)),
                    new SplittableRandom(3)), clock);
    private final UdpTrackerProtocol udp = new UdpTrackerProtocol(service, new ConnectionIds(new SplittableRandom(9)),
            clock, false);

    @AfterEach
    void close() {
        service.close();
    }

    static byte[] connect(int tx) {
        return ByteBuffer.allocate(16).putLong(UdpTrackerCodec.PROTOCOL_ID).putInt(0).putInt(tx).array();
    }

    static byte[] announce(long cid, int tx, InfoHash h, int peer, long left, int event, int numWant, int port) {
        ByteBuffer b = ByteBuffer.allocate(98).putLong(cid).putInt(1).putInt(tx);
        b.put(h.bytes()).put(Peers.peerId(peer)).putLong(0).putLong(left).putLong(0).putInt(event).putInt(0)
                .putInt(0x1234).putInt(numWant).putShort((short) port);
        return b.array();
    }

    private ByteBuffer send(byte[] packet, PeerAddress from) {
        return ByteBuffer.wrap(udp.handle(packet, packet.length, from).orElseThrow());
    }

    private long connectionId(PeerAddress from) {
        ByteBuffer r = send(connect(77), from);
        assertThat(r.getInt(0)).isEqualTo(UdpTrackerCodec.ACTION_CONNECT);
        assertThat(r.getInt(4)).isEqualTo(77);
        return r.getLong(8);
    }

    private static String errorText(ByteBuffer r) {
        assertThat(r.getInt(0)).isEqualTo(UdpTrackerCodec.ACTION_ERROR);
        return new String(r.array(), 8, r.limit() - 8, StandardCharsets.UTF_8);
    }

    @Test
    void connectThenAnnounceReturnsPeersAndCounts() {
        PeerAddress a = Peers.v4(1, 5000);
        PeerAddress b = Peers.v4(2, 5000);
        send(announce(connectionId(a), 1, TORRENT, 1, 0, 2, -1, 6001), a);
        ByteBuffer r = send(announce(connectionId(b), 2, TORRENT, 2, 100, 2, -1, 6002), b);
        assertThat(r.getInt(0)).isEqualTo(UdpTrackerCodec.ACTION_ANNOUNCE);
        assertThat(r.getInt(4)).isEqualTo(2);
        assertThat(r.getInt(8)).isEqualTo(300);
        assertThat(r.getInt(12)).as("leechers").isEqualTo(1);
        assertThat(r.getInt(16)).as("seeders").isEqualTo(1);
        assertThat(r.limit()).isEqualTo(26);
        // The announced port, at the sender's address.
        assertThat(java.util.Arrays.copyOfRange(r.array(), 20, 26)).containsExactly(10, 0, 0, 1, 6001 >> 8, 6001 & 0xFF);
    }

    @Test
    void scrapeReportsSeedersCompletedLeechers() {
        PeerAddress a = Peers.v4(1, 5000);
        long cid = connectionId(a);
        send(announce(cid, 1, TORRENT, 1, 0, 1, -1, 6001), a);
        ByteBuffer req = ByteBuffer.allocate(36).putLong(cid).putInt(2).putInt(55).put(TORRENT.bytes());
        ByteBuffer r = send(req.array(), a);
        assertThat(r.getInt(0)).isEqualTo(UdpTrackerCodec.ACTION_SCRAPE);
        assertThat(r.getInt(4)).isEqualTo(55);
        assertThat(new int[]{r.getInt(8), r.getInt(12), r.getInt(16)}).containsExactly(1, 1, 0);
    }

    @Test
    void connectionIdIsBoundToTheSenderAddress() {
        PeerAddress a = Peers.v4(1, 5000);
        long cid = connectionId(a);
        assertThat(errorText(send(announce(cid, 9, TORRENT, 1, 0, 0, -1, 6001), Peers.v4(2, 5000))))
                .contains("connection id");
        // Another port of the same host may use it (libtorrent shares ids between its sessions).
        assertThat(send(announce(cid, 9, TORRENT, 1, 0, 0, -1, 6001), Peers.v4(1, 5001)).getInt(0))
                .isEqualTo(UdpTrackerCodec.ACTION_ANNOUNCE);
        assertThat(errorText(send(announce(cid ^ 1, 9, TORRENT, 1, 0, 0, -1, 6001), a))).contains("connection id");
    }

    @Test
    void connectionIdIsAcceptedForOneMinuteAndRefusedAfterTwo() {
        PeerAddress a = Peers.v4(1, 5000);
        long cid = connectionId(a);
        clock.advance(Duration.ofSeconds(60));
        assertThat(send(announce(cid, 1, TORRENT, 1, 0, 0, -1, 6001), a).getInt(0)).isEqualTo(UdpTrackerCodec.ACTION_ANNOUNCE);
        clock.advance(Duration.ofSeconds(60));
        assertThat(errorText(send(announce(cid, 1, TORRENT, 1, 0, 0, -1, 6001), a))).contains("expired");
    }

    @Test
    void malformedPacketsGetErrorPacketsWithTheirTransactionId() {
        PeerAddress a = Peers.v4(1, 5000);
        long cid = connectionId(a);
        byte[] badMagic = ByteBuffer.allocate(16).putLong(42).putInt(0).putInt(5).array();
        assertThat(errorText(send(badMagic, a))).contains("protocol_id");
        byte[] unknownAction = ByteBuffer.allocate(16).putLong(cid).putInt(9).putInt(5).array();
        assertThat(errorText(send(unknownAction, a))).contains("action: unknown action 9");
        byte[] shortAnnounce = java.util.Arrays.copyOf(announce(cid, 5, TORRENT, 1, 0, 0, -1, 6001), 60);
        assertThat(errorText(send(shortAnnounce, a))).contains("announce needs 98 bytes");
        assertThat(errorText(send(announce(cid, 5, TORRENT, 1, 0, 7, -1, 6001), a))).contains("event");
        assertThat(errorText(send(announce(cid, 5, TORRENT, 1, -1, 0, -1, 6001), a))).contains("left");
        assertThat(errorText(send(announce(cid, 5, TORRENT, 1, 0, 0, -1, 0), a))).contains("port");
        byte[] emptyScrape = ByteBuffer.allocate(16).putLong(cid).putInt(2).putInt(5).array();
        assertThat(errorText(send(emptyScrape, a))).contains("scrape without an info-hash");
        byte[] hugeScrape = ByteBuffer.allocate(16 + 75 * 20).putLong(cid).putInt(2).putInt(5).array();
        assertThat(errorText(send(hugeScrape, a))).contains("more than 74");
        assertThat(ByteBuffer.wrap(udp.handle(unknownAction, 16, a).orElseThrow()).getInt(4)).isEqualTo(5);
    }

    @Test
    void packetsTooShortForATransactionIdAreDropped() {
        assertThat(udp.handle(new byte[15], 15, Peers.v4(1, 1))).isEmpty();
        assertThat(udp.handle(new byte[0], 0, Peers.v4(1, 1))).isEmpty();
    }

    @Test
    void allowListRefusalIsAnErrorPacket() {
        PeerAddress a = Peers.v4(1, 5000);
        InfoHash other = InfoHash.ofHex("ab".repeat(20));
        assertThat(errorText(send(announce(connectionId(a), 1, other, 1, 0, 0, -1, 6001), a))).contains("not tracked");
    }

    @Test
    void ipFieldIsUsedOnlyWhenTrusted() {
        UdpTrackerProtocol trusting = new UdpTrackerProtocol(service, new ConnectionIds(new SplittableRandom(9)), clock, true);
        PeerAddress a = Peers.v4(1, 5000);
        PeerAddress b = Peers.v4(2, 5000);
        byte[] claimed = announce(connectionId(a), 1, TORRENT, 1, 10, 2, -1, 6001);
        ByteBuffer.wrap(claimed).putInt(84, 0xC0000207); // 192.0.2.7
        trusting.handle(claimed, claimed.length, a);
        ByteBuffer r = send(announce(connectionId(b), 2, TORRENT, 2, 10, 2, -1, 6002), b);
        assertThat(java.util.Arrays.copyOfRange(r.array(), 20, 26)).containsExactly(192, 0, 2, 7, 6001 >> 8, 6001 & 0xFF);
        // Without trust the same packet registers the sender's own address.
        PeerAddress c = Peers.v4(3, 5000);
        byte[] again = announce(connectionId(c), 3, TORRENT, 3, 10, 2, -1, 6003);
        ByteBuffer.wrap(again).putInt(84, 0xC0000208);
        send(again, c);
        ByteBuffer all = send(announce(connectionId(b), 4, TORRENT, 2, 10, 0, 50, 6002), b);
        java.util.Set<String> ips = new java.util.HashSet<>();
        for (int off = 20; off < all.limit(); off += 6) {
            ips.add((all.get(off) & 0xFF) + "." + (all.get(off + 1) & 0xFF) + "." + (all.get(off + 2) & 0xFF) + "." + (all.get(off + 3) & 0xFF));
        }
        assertThat(ips).containsExactlyInAnyOrder("192.0.2.7", "10.0.0.3");
    }

    @Test
    void ipv6SenderGetsEighteenByteEntries() {
        PeerAddress a = Peers.v6(1, 5000);
        PeerAddress b = Peers.v6(2, 5000);
        send(announce(connectionId(a), 1, TORRENT, 1, 10, 0, -1, 6001), a);
        ByteBuffer r = send(announce(connectionId(b), 1, TORRENT, 2, 10, 0, -1, 6002), b);
        assertThat(r.limit()).isEqualTo(20 + 18);
    }
}
