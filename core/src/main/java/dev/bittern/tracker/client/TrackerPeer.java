package dev.bittern.tracker.client;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer from a tracker's peer list. The compact forms (BEP 23, BEP 7 {@code peers6}) carry
 * only the address; the dictionary form (BEP 3) may also carry the peer id.
 *
 * @param address the peer's address; unresolved when the tracker gave a DNS name
 * @param peerId  20 bytes, or null when the tracker did not give one
 */
public record TrackerPeer(InetSocketAddress address, byte[] peerId) {
    public TrackerPeer {
        Objects.requireNonNull(address, "address");
        if (peerId != null) {
            if (peerId.length != AnnounceRequest.PEER_ID_LENGTH) {
                throw new IllegalArgumentException("peer id must be 20 bytes, got " + peerId.length);
            }
            peerId = peerId.clone();
        }
    }

    public static TrackerPeer of(InetSocketAddress address) {
        return new TrackerPeer(address, null);
    }

    /** A copy of the peer id, if the tracker gave one. */
    public Optional<byte[]> optionalPeerId() {
        return Optional.ofNullable(peerId).map(byte[]::clone);
    }

    @Override
    public byte[] peerId() {
        return peerId == null ? null : peerId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrackerPeer p && address.equals(p.address) && Arrays.equals(peerId, p.peerId);
    }

    @Override
    public int hashCode() {
        return 31 * address.hashCode() + Arrays.hashCode(peerId);
    }

    @Override
    public String toString() {
        return peerId == null ? address.toString() : address + "/" + HexFormat.of().formatHex(peerId);
    }
}
