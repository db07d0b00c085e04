package dev.bittern.tracker.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The BEP 15 wire format: decodes requests from untrusted datagrams (every length checked before
 * it is read; no allocation sized by the packet beyond its own length) and encodes responses.
 */
public final class UdpTrackerCodec {
    /** The connect request's magic constant (BEP 15). */
    public static final long PROTOCOL_ID = 0x41727101980L;
    public static final int ACTION_CONNECT = 0;
    public static final int ACTION_ANNOUNCE = 1;
    public static final int ACTION_SCRAPE = 2;
    public static final int ACTION_ERROR = 3;
    static final int ANNOUNCE_LENGTH = 98;
    /** BEP 15: about 74 info-hashes fit in one scrape packet. */
    public static final int MAX_SCRAPE_HASHES = 74;

    private UdpTrackerCodec() {
    }

    public static UdpRequest parse(byte[] packet, int length) {
        if (length < 16 || length > packet.length) {
            throw new UdpPacketException("packet", 0, OptionalInt.empty(), "shorter than the 16-byte header: " + length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(packet, 0, length);
        long connectionId = b.getLong(0);
        int action = b.getInt(8);
        int tx = b.getInt(12);
        OptionalInt txOpt = OptionalInt.of(tx);
        return switch (action) {
            case ACTION_CONNECT -> {
                if (connectionId != PROTOCOL_ID) {
                    throw new UdpPacketException("protocol_id", 0, txOpt, "not the BEP 15 magic 0x41727101980");
                }
                yield new UdpRequest.Connect(tx);
            }
            case ACTION_ANNOUNCE -> announce(b, length, connectionId, tx);
            case ACTION_SCRAPE -> {
                int count = (length - 16) / InfoHash.LENGTH;
                if (count == 0) {
                    throw new UdpPacketException("info_hash", 16, txOpt, "scrape without an info-hash");
                }
                if (count > MAX_SCRAPE_HASHES) {
                    throw new UdpPacketException("info_hash", 16, txOpt, "more than " + MAX_SCRAPE_HASHES + " info-hashes");
                }
                List<InfoHash> hashes = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    hashes.add(InfoHash.of(packet, 16 + i * InfoHash.LENGTH));
                }
                yield new UdpRequest.Scrape(connectionId, tx, hashes);
            }
            default -> throw new UdpPacketException("action", 8, txOpt, "unknown action " + action);
        };
    }

    private static UdpRequest announce(ByteBuffer b, int length, long connectionId, int tx) {
        OptionalInt txOpt = OptionalInt.of(tx);
        if (length < ANNOUNCE_LENGTH) {
            throw new UdpPacketException("packet", length, txOpt, "announce needs 98 bytes, got " + length);
        }
        byte[] raw = b.array();
        InfoHash infoHash = InfoHash.of(raw, 16);
        byte[] peerId = java.util.Arrays.copyOfRange(raw, 36, 56);
        long downloaded = b.getLong(56);
        long left = b.getLong(64);
        long uploaded = b.getLong(72);
        int event = b.getInt(80);
        int ip = b.getInt(84);
        int key = b.getInt(88);
        int numWant = b.getInt(92);
        int port = b.getShort(96) & 0xFFFF;
        if (downloaded < 0 || left < 0 || uploaded < 0) {
            throw new UdpPacketException(downloaded < 0 ? "downloaded" : left < 0 ? "left" : "uploaded",
                    downloaded < 0 ? 56 : left < 0 ? 64 : 72, txOpt, "negative byte count");
        }
        if (event < 0 || event > 3) {
            throw new UdpPacketException("event", 80, txOpt, "must be 0..3, got " + event);
        }
        if (port == 0) {
            throw new UdpPacketException("port", 96, txOpt, "must not be 0");
        }
        // Bytes after 98 are BEP 41 options (URL data); this tracker needs none of them.
        AnnounceRequest request = new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left,
                AnnounceEvent.values()[event], numWant < 0 ? OptionalInt.empty() : OptionalInt.of(numWant), true, true,
                OptionalInt.of(key), Optional.empty());
        return new UdpRequest.Announce(connectionId, tx, request, ip);
    }

    public static byte[] connectResponse(int transactionId, long connectionId) {
        return ByteBuffer.allocate(16).putInt(ACTION_CONNECT).putInt(transactionId).putLong(connectionId).array();
    }

    /** Peers of the request's address family only: 6-byte entries over IPv4, 18-byte over IPv6. */
    public static byte[] announceResponse(int transactionId, AnnounceResult r, boolean ipv6) {
        byte[] peers = (ipv6 ? r.peers6() : r.peers4()).compact();
        return ByteBuffer.allocate(20 + peers.length).putInt(ACTION_ANNOUNCE).putInt(transactionId)
                .putInt(r.intervalSeconds()).putInt(r.incomplete()).putInt(r.complete()).put(peers).array();
    }

    public static byte[] scrapeResponse(int transactionId, List<ScrapeEntry> entries) {
        ByteBuffer b = ByteBuffer.allocate(8 + 12 * entries.size()).putInt(ACTION_SCRAPE).putInt(transactionId);
        for (ScrapeEntry e : entries) {
            b.putInt(e.complete()).putInt((int) Math.min(Integer.MAX_VALUE, e.downloaded())).putInt(e.incomplete());
        }
        return b.array();
    }

    public static byte[] error(int transactionId, String message) {
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + text.length).putInt(ACTION_ERROR).putInt(transactionId).put(text).array();
    }
}
