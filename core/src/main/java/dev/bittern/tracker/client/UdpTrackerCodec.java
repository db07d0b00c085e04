package dev.bittern.tracker.client;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ErrorResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeCounts;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpResponse;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Byte layout of BEP 15 datagrams (all integers big-endian). Decoding reads only the bytes of
 * the datagram it is given, so its cost is bounded by the datagram size (at most 64 KiB);
 * errors name the field and its byte offset.
 */
public final class UdpTrackerCodec {
    /** BEP 15 magic constant of the connect request. */
    public static final long PROTOCOL_ID = 0x41727101980L;
    public static final int ACTION_CONNECT = 0;
    public static final int ACTION_ANNOUNCE = 1;
    public static final int ACTION_SCRAPE = 2;
    public static final int ACTION_ERROR = 3;
    /** BEP 15: "Up to about 74 torrents can be scraped at once" (a full response then stays under ~900 bytes). */
    public static final int MAX_SCRAPE_HASHES = 74;
    /** Largest UDP payload; a receive buffer of this size never truncates. */
    public static final int MAX_DATAGRAM = 65_507;

    static final int CONNECT_REQUEST_SIZE = 16;
    static final int ANNOUNCE_REQUEST_SIZE = 98;

    private UdpTrackerCodec() {
    }

    // ---- requests (client side encodes, a tracker or test responder decodes) ----

    public static byte[] encode(UdpTrackerMessage.Request request) {
        return switch (request) {
            case ConnectRequest c -> ByteBuffer.allocate(CONNECT_REQUEST_SIZE)
                    .putLong(PROTOCOL_ID).putInt(ACTION_CONNECT).putInt(c.transactionId()).array();
            case AnnounceUdpRequest a -> {
                AnnounceRequest r = a.announce();
                yield ByteBuffer.allocate(ANNOUNCE_REQUEST_SIZE)
                        .putLong(a.connectionId()).putInt(ACTION_ANNOUNCE).putInt(a.transactionId())
                        .put(r.infoHash().bytes()).put(r.peerId())
                        .putLong(r.downloaded()).putLong(r.left()).putLong(r.uploaded())
                        .putInt(r.event().udpCode())
                        .putInt(0) // IP: 0 = use the datagram's source address
                        .putInt(r.key())
                        .putInt(r.numWant() < 0 ? -1 : r.numWant())
                        .putShort((short) r.port())
                        .array();
            }
            case ScrapeUdpRequest s -> {
                ByteBuffer b = ByteBuffer.allocate(16 + InfoHash.LENGTH * s.infoHashes().size())
                        .putLong(s.connectionId()).putInt(ACTION_SCRAPE).putInt(s.transactionId());
                s.infoHashes().forEach(h -> b.put(h.bytes()));
                yield b.array();
            }
        };
    }

    /** Decodes a client's request. Announce requests decode with {@code compact = true} (UDP is always compact). */
    public static UdpTrackerMessage.Request decodeRequest(byte[] packet, int length) throws TrackerProtocolException {
        ByteBuffer b = wrap(packet, length, 16);
        long first = b.getLong(0);
        int action = b.getInt(8);
        int tid = b.getInt(12);
        switch (action) {
            case ACTION_CONNECT -> {
                if (first != PROTOCOL_ID) {
                    throw new TrackerProtocolException("protocol_id", 0, "not the BEP 15 magic: 0x" + Long.toHexString(first));
                }
                exactly(length, CONNECT_REQUEST_SIZE, "connect request");
                return new ConnectRequest(tid);
            }
            case ACTION_ANNOUNCE -> {
                // BEP 41 allows options after the 98 bytes; they are ignored here.
                if (length < ANNOUNCE_REQUEST_SIZE) {
                    throw new TrackerProtocolException("announce", length, "request of " + length + " bytes is shorter than 98");
                }
                byte[] hash = new byte[20];
                byte[] peerId = new byte[20];
                b.position(16);
                b.get(hash).get(peerId);
                long downloaded = b.getLong();
                long left = b.getLong();
                long uploaded = b.getLong();
                int eventCode = b.getInt();
                AnnounceEvent event = AnnounceEvent.ofUdpCode(eventCode);
                if (event == null) {
                    throw new TrackerProtocolException("event", 80, "unknown event " + eventCode);
                }
                b.getInt(); // IP
                int key = b.getInt();
                int numWant = b.getInt();
                int port = Short.toUnsignedInt(b.getShort());
                if (downloaded < 0 || left < 0 || uploaded < 0) {
                    throw new TrackerProtocolException("downloaded/left/uploaded", 56, "negative byte count");
                }
                return new AnnounceUdpRequest(first, tid, new AnnounceRequest(InfoHash.of(hash), peerId, port,
                        uploaded, downloaded, left, event, numWant, key, true));
            }
            case ACTION_SCRAPE -> {
                int n = (length - 16) / InfoHash.LENGTH;
                if ((length - 16) % InfoHash.LENGTH != 0 || n < 1 || n > MAX_SCRAPE_HASHES) {
                    throw new TrackerProtocolException("info_hash", 16, "scrape request of " + length + " bytes does not hold 1 to "
                            + MAX_SCRAPE_HASHES + " info-hashes");
                }
                List<InfoHash> hashes = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    hashes.add(InfoHash.of(Arrays.copyOfRange(packet, 16 + 20 * i, 36 + 20 * i)));
                }
                return new ScrapeUdpRequest(first, tid, hashes);
            }
            default -> throw new TrackerProtocolException("action", 8, "unknown request action " + action);
        }
    }

    // ---- responses (a tracker encodes, the client decodes) ----

    public static byte[] encode(UdpTrackerMessage.Response response) {
        return switch (response) {
            case ConnectResponse c -> ByteBuffer.allocate(16)
                    .putInt(ACTION_CONNECT).putInt(c.transactionId()).putLong(c.connectionId()).array();
            case AnnounceUdpResponse a -> {
                boolean ipv6 = !a.peers().isEmpty() && a.peers().getFirst().getAddress() instanceof java.net.Inet6Address;
                byte[] peers = CompactPeers.encode(a.peers(), ipv6);
                yield ByteBuffer.allocate(20 + peers.length)
                        .putInt(ACTION_ANNOUNCE).putInt(a.transactionId())
                        .putInt(a.interval()).putInt(a.leechers()).putInt(a.seeders()).put(peers).array();
            }
            case ScrapeUdpResponse s -> {
                ByteBuffer b = ByteBuffer.allocate(8 + 12 * s.counts().size()).putInt(ACTION_SCRAPE).putInt(s.transactionId());
                s.counts().forEach(c -> b.putInt(c.seeders()).putInt(c.completed()).putInt(c.leechers()));
                yield b.array();
            }
            case ErrorResponse e -> {
                byte[] text = e.message().getBytes(StandardCharsets.UTF_8);
                yield ByteBuffer.allocate(8 + text.length).putInt(ACTION_ERROR).putInt(e.transactionId()).put(text).array();
            }
        };
    }

    /**
     * Decodes a tracker's datagram.
     *
     * @param ipv6Peers whether the tracker was reached over IPv6, so announce peers are 18 bytes each (BEP 15)
     */
    public static UdpTrackerMessage.Response decodeResponse(byte[] packet, int length, boolean ipv6Peers)
            throws TrackerProtocolException {
        ByteBuffer b = wrap(packet, length, 8);
        int action = b.getInt(0);
        int tid = b.getInt(4);
        switch (action) {
            case ACTION_CONNECT -> {
                exactly(length, 16, "connect response");
                return new ConnectResponse(tid, b.getLong(8));
            }
            case ACTION_ANNOUNCE -> {
                if (length < 20) {
                    throw new TrackerProtocolException("announce", length, "response of " + length + " bytes is shorter than 20");
                }
                int interval = b.getInt(8);
                int leechers = b.getInt(12);
                int seeders = b.getInt(16);
                if (interval < 0 || leechers < 0 || seeders < 0) {
                    throw new TrackerProtocolException(interval < 0 ? "interval" : leechers < 0 ? "leechers" : "seeders",
                            interval < 0 ? 8 : leechers < 0 ? 12 : 16, "negative");
                }
                List<InetSocketAddress> peers = CompactPeers.decode(packet, 20, length - 20, ipv6Peers, "peers", 20);
                return new AnnounceUdpResponse(tid, interval, leechers, seeders, peers);
            }
            case ACTION_SCRAPE -> {
                if ((length - 8) % 12 != 0) {
                    throw new TrackerProtocolException("scrape", 8, "response body of " + (length - 8) + " bytes is not a multiple of 12");
                }
                int n = (length - 8) / 12;
                List<ScrapeCounts> counts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    int at = 8 + 12 * i;
                    int seeders = b.getInt(at);
                    int completed = b.getInt(at + 4);
                    int leechers = b.getInt(at + 8);
                    if (seeders < 0 || completed < 0 || leechers < 0) {
                        throw new TrackerProtocolException("scrape[" + i + "]", at, "negative count");
                    }
                    counts.add(new ScrapeCounts(seeders, completed, leechers));
                }
                return new ScrapeUdpResponse(tid, counts);
            }
            case ACTION_ERROR -> {
                return new ErrorResponse(tid, new String(packet, 8, length - 8, StandardCharsets.UTF_8));
            }
            default -> throw new TrackerProtocolException("action", 0, "unknown response action " + action);
        }
    }

    /** The transaction id of a datagram of at least 8 bytes (a response), or empty if it is shorter. */
    static java.util.OptionalInt responseTransactionId(byte[] packet, int length) {
        return length >= 8 && packet.length >= 8 ? java.util.OptionalInt.of(ByteBuffer.wrap(packet).getInt(4)) : java.util.OptionalInt.empty();
    }

    private static ByteBuffer wrap(byte[] packet, int length, int minimum) throws TrackerProtocolException {
        if (length < 0 || length > packet.length) {
            throw new IllegalArgumentException("length " + length + " outside the buffer of " + packet.length);
        }
        if (length < minimum) {
            throw new TrackerProtocolException("header", length, "datagram of " + length + " bytes is shorter than " + minimum);
        }
        return ByteBuffer.wrap(packet, 0, length);
    }

    private static void exactly(int length, int expected, String what) throws TrackerProtocolException {
        // BEP 15 says to check "at least" the size; longer connect packets are tolerated, shorter ones are not.
        if (length < expected) {
            throw new TrackerProtocolException(what, length, what + " of " + length + " bytes is shorter than " + expected);
        }
    }
}
