package dev.bittern.tracker.client;

import dev.bittern.metainfo.InfoHash;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What a client tells a tracker (BEP 3 query parameters, BEP 15 announce fields).
 *
 * @param infoHash   the torrent
 * @param peerId     our 20-byte peer id
 * @param port       our listening port
 * @param uploaded   bytes uploaded since the {@code started} event
 * @param downloaded bytes downloaded since the {@code started} event
 * @param left       bytes still missing
 * @param event      started / completed / stopped / none
 * @param numWant    peers wanted; negative means "tracker default" (BEP 15 uses -1)
 * @param key        a random value that stays the same for the session, so a tracker can
 *                   recognise us when our IP changes (BEP 15 {@code key}, HTTP {@code key})
 * @param compact    ask for the compact peer list (BEP 23); UDP is always compact
 */
public record AnnounceRequest(
        InfoHash infoHash,
        byte[] peerId,
        int port,
        long uploaded,
        long downloaded,
        long left,
        AnnounceEvent event,
        int numWant,
        int key,
        boolean compact) {

    public static final int PEER_ID_LENGTH = 20;

    public AnnounceRequest {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(event, "event");
        if (peerId.length != PEER_ID_LENGTH) {
            throw new IllegalArgumentException("peer id must be 20 bytes, got " + peerId.length);
        }
        if (port < 0 || port > 0xffff) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (uploaded < 0 || downloaded < 0 || left < 0) {
            throw new IllegalArgumentException("uploaded/downloaded/left must not be negative");
        }
        peerId = peerId.clone();
    }

    /** A copy of the peer id. */
    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    /** The same request with another event (e.g. {@code stopped} on shutdown). */
    public AnnounceRequest withEvent(AnnounceEvent newEvent) {
        return new AnnounceRequest(infoHash, peerId, port, uploaded, downloaded, left, newEvent, numWant, key, compact);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnnounceRequest r
                && infoHash.equals(r.infoHash) && Arrays.equals(peerId, r.peerId) && port == r.port
                && uploaded == r.uploaded && downloaded == r.downloaded && left == r.left
                && event == r.event && numWant == r.numWant && key == r.key && compact == r.compact;
    }

    @Override
    public int hashCode() {
        return Objects.hash(infoHash, Arrays.hashCode(peerId), port, uploaded, downloaded, left, event, numWant, key, compact);
    }

    @Override
    public String toString() {
        return "AnnounceRequest[infoHash=" + infoHash + ", peerId=" + HexFormat.of().formatHex(peerId) + ", port=" + port
                + ", uploaded=" + uploaded + ", downloaded=" + downloaded + ", left=" + left + ", event=" + event
                + ", numWant=" + numWant + ", key=" + key + ", compact=" + compact + "]";
    }
}
