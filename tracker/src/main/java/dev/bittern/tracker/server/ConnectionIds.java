package dev.bittern.tracker.server;

import java.util.random.RandomGenerator;

/**
 * UDP tracker connection ids (BEP 15) that need no per-client state and cannot be forged: an id
 * is a keyed SipHash-2-4 of the client's IP address and the current one-minute window. An id
 * is accepted in its own window and the next, so it lives between one and two minutes: BEP 15
 * asks clients to use an id for up to one minute and trackers to accept it for up to two.
 * The port is deliberately not part of it (as in opentracker): libtorrent caches ids per tracker
 * process-wide, so its sessions on other ports of the same host reuse one id.
 */
public final class ConnectionIds {
    static final long WINDOW_NANOS = 60_000_000_000L;
    private final long k0;
    private final long k1;

    public ConnectionIds(RandomGenerator keySource) {
        this(keySource.nextLong(), keySource.nextLong());
    }

    ConnectionIds(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    public long issue(PeerAddress client, long nowNanos) {
        return idFor(client, Math.floorDiv(nowNanos, WINDOW_NANOS));
    }

    public boolean isValid(long connectionId, PeerAddress client, long nowNanos) {
        long window = Math.floorDiv(nowNanos, WINDOW_NANOS);
        return connectionId == idFor(client, window) || connectionId == idFor(client, window - 1);
    }

    private long idFor(PeerAddress client, long window) {
        byte[] a = client.address();
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < a.length; i++) {
            if (i < 8) {
                hi = (hi << 8) | (a[i] & 0xFF);
            } else {
                lo = (lo << 8) | (a[i] & 0xFF);
            }
        }
        return sipHash24(window, hi, lo, a.length);
    }

    /** SipHash-2-4 of a 32-byte message given as four little-endian words. */
    private long sipHash24(long m0, long m1, long m2, long m3) {
        long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L, k1 ^ 0x7465646279746573L};
        for (long m : new long[]{m0, m1, m2, m3, 32L << 56}) {
            v[3] ^= m;
            round(v);
            round(v);
            v[0] ^= m;
        }
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) {
            round(v);
        }
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void round(long[] v) {
        v[0] += v[1];
        v[1] = Long.rotateLeft(v[1], 13);
        v[1] ^= v[0];
        v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3];
        v[3] = Long.rotateLeft(v[3], 16);
        v[3] ^= v[2];
        v[0] += v[3];
        v[3] = Long.rotateLeft(v[3], 21);
        v[3] ^= v[0];
        v[2] += v[1];
        v[1] = Long.rotateLeft(v[1], 17);
        v[1] ^= v[2];
        v[2] = Long.rotateLeft(v[2], 32);
    }
}
