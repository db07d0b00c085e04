package dev.bittern.tracker.server;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/** Test helpers: announces with readable defaults. */
final class Peers {
    static final InfoHash TORRENT = InfoHash.ofHex("0123456789abcdef0123456789abcdef01234567");

    private Peers() {
    }

    static PeerAddress v4(int lastOctet, int port) {
        return new PeerAddress(new byte[]{10, 0, 0, (byte) lastOctet}, port);
    }

    static PeerAddress v6(int lastByte, int port) {
        byte[] a = new byte[16];
        a[0] = 0x20;
        a[1] = 0x01;
        a[15] = (byte) lastByte;
        return new PeerAddress(a, port);
    }

    static byte[] peerId(int n) {
        byte[] id = new byte[20];
        Arrays.fill(id, (byte) 'x');
        id[19] = (byte) n;
        id[18] = (byte) (n >>> 8);
        return id;
    }

    static AnnounceRequest announce(InfoHash h, int n, long left, AnnounceEvent event) {
        return announce(h, n, left, event, OptionalInt.empty());
    }

    static AnnounceRequest announce(InfoHash h, int n, long left, AnnounceEvent event, OptionalInt numWant) {
        return new AnnounceRequest(h, peerId(n), 6881, 0, 0, left, event, numWant, true, false, OptionalInt.empty(),
                Optional.empty());
    }
}
