package dev.bittern.tracker.server;

import java.util.Arrays;

/**
 * Peers chosen for an announce response, kept in the compact wire form (BEP 23 / BEP 7) plus
 * their peer ids for the dictionary form. Grows as peers are added; the encoders read it as is.
 */
public final class PeerList {
    private final int stride;
    private byte[] endpoints;
    private byte[] peerIds;
    private int count;

    public PeerList(int addressLength, int expected) {
        this.stride = addressLength + 2;
        this.endpoints = new byte[stride * Math.max(1, expected)];
        this.peerIds = new byte[PeerStore.PEER_ID_LENGTH * Math.max(1, expected)];
    }

    void add(byte[] endpointSource, int endpointOffset, byte[] peerIdSource, int peerIdOffset) {
        if (count * stride == endpoints.length) {
            endpoints = Arrays.copyOf(endpoints, endpoints.length * 2);
            peerIds = Arrays.copyOf(peerIds, peerIds.length * 2);
        }
        System.arraycopy(endpointSource, endpointOffset, endpoints, count * stride, stride);
        System.arraycopy(peerIdSource, peerIdOffset, peerIds, count * PeerStore.PEER_ID_LENGTH, PeerStore.PEER_ID_LENGTH);
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

    public PeerAddress address(int i) {
        java.util.Objects.checkIndex(i, count);
        int off = i * stride;
        byte[] addr = Arrays.copyOfRange(endpoints, off, off + stride - 2);
        int port = ((endpoints[off + stride - 2] & 0xFF) << 8) | (endpoints[off + stride - 1] & 0xFF);
        return new PeerAddress(addr, port);
    }

    public byte[] peerId(int i) {
        java.util.Objects.checkIndex(i, count);
        return Arrays.copyOfRange(peerIds, i * PeerStore.PEER_ID_LENGTH, (i + 1) * PeerStore.PEER_ID_LENGTH);
    }
}
