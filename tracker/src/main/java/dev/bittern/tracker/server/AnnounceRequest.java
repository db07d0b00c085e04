package dev.bittern.tracker.server;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One announce, as both the HTTP (BEP 3) and the UDP (BEP 15) front ends decode it.
 *
 * @param numWant   peers wanted; empty means the tracker default
 * @param claimedIp the {@code ip} parameter; used only when the tracker is configured to trust it
 */
public record AnnounceRequest(InfoHash infoHash, byte[] peerId, int port, long uploaded, long downloaded, long left,
                              AnnounceEvent event, OptionalInt numWant, boolean compact, boolean noPeerId,
                              OptionalInt key, Optional<PeerAddress> claimedIp) {
    public AnnounceRequest {
        if (peerId.length != PeerStore.PEER_ID_LENGTH) {
            throw new IllegalArgumentException("peer id must be 20 bytes, got " + peerId.length);
        }
        peerId = peerId.clone();
    }

    @Override
    public byte[] peerId() {
        return peerId.clone();
    }

    boolean isSeed() {
        return left == 0;
    }
}
