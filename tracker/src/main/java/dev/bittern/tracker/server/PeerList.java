package dev.bittern.tracker.server;

import java.util.Arrays;

/**
 * Peers chosen for an announce response, kept in the compact wire form (BEP 23 / BEP 7) plus
 * their peer ids for the dictionary form. Grows as peers are added; the encoders read it as is.
 */
public final class PeerList {
    private final int stride;
    private final boolean withPeerIds;
    private byte[] endpoints;
    private byte[] peerIds;
    private int count;

    /**
     * @param withPeerIds whether peer ids are kept (only the dictionary form sends them; skipping
     *                    them saves a cache miss per chosen peer)
     */
    public PeerList(int addressLength, int expected, boolean withPeerIds) {
        this.stride = addressLength + 2;
        this.withPeerIds = withPeerIds;
        this.endpoints = new byte[stride * Math.max(1, expected)];
        this.peerIds = new byte[withPeerIds ? PeerStore.PEER_ID_LENGTH * Math.max(1, expected) : 0];
    }

    public PeerList(int addressLength, int expected) {
        this(addressLength, expected, true);
    }

    void add(byte[] endpointSource, int endpointOffset, byte[] peerIdSource, int peerIdOffset) {
        if (count * stride == endpoints.length) {
            endpoints = Arrays.copyOf(endpoints, endpoints.length * 2);
            if (withPeerIds) {
                peerIds = Arrays.copyOf(peerIds, peerIds.length * 2);
            }
        }
        System.arraycopy(endpointSource, endpointOffset, endpoints, count * stride, stride);
        if (withPeerIds) {
            System.arraycopy(peerIdSource, peerIdOffset, peerIds, count * PeerStore.PEER_ID_LENGTH, PeerStore.PEER_ID_LENGTH);
        }
        count++;
    }

    public int size() {
        return count;
    }

    /** 6 for IPv4, 18 for IPv6. */
    public int stride() {
        return stride;
    }

    /** The concatenated compact entries: {@code size() * stride()} bytes. */
    public byte[] compact() {
        return Arrays.copyOf(endpoints, count * stride);
    }

    /** Copies {@link #compact()} into {@code out} at {@code at} without an intermediate array; returns the end. */
    int copyCompactTo(byte[] out, int at) {
        int n = count * stride;
        System.arraycopy(endpoints, 0, out, at, n);
        return at + n;
    }

    public PeerAddress address(int i) {
        java.util.Objects.checkIndex(i, count);
        int off = i * stride;
        byte[] addr = Arrays.copyOfRange(endpoints, off, off + stride - 2);
        int port = ((endpoints[off + stride - 2] & 0xFF) << 8) | (endpoints[off + stride - 1] & 0xFF);
        return new PeerAddress(addr, port);
    }

    /** @throws IllegalStateException when the list was made without peer ids */
    public byte[] peerId(int i) {
        java.util.Objects.checkIndex(i, count);
        if (!withPeerIds) {
            throw new IllegalStateException("peer list was built without peer ids");
        }
        return Arrays.copyOfRange(peerIds, i * PeerStore.PEER_ID_LENGTH, (i + 1) * PeerStore.PEER_ID_LENGTH);
    }
}
