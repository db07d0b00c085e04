package dev.bittern.tracker.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The compact peer list: 6 bytes per IPv4 peer (BEP 23, BEP 15) and 18 bytes per IPv6 peer
 * (BEP 7 {@code peers6}, BEP 15 over IPv6): the address then the port, both big-endian.
 * Decoding allocates in proportion to the input, never to a length field.
 */
public final class CompactPeers {
    public static final int IPV4_ENTRY = 6;
    public static final int IPV6_ENTRY = 18;

    private CompactPeers() {
    }

    /** Decodes {@code length} bytes at {@code offset}; {@code field} and {@code fieldOffset} name them in errors. */
    public static List<InetSocketAddress> decode(byte[] data, int offset, int length, boolean ipv6,
                                                 String field, long fieldOffset) throws TrackerProtocolException {
        int entry = ipv6 ? IPV6_ENTRY : IPV4_ENTRY;
        if (length % entry != 0) {
            throw new TrackerProtocolException(field, fieldOffset,
                    "compact peer list of " + length + " bytes is not a multiple of " + entry);
        }
        List<InetSocketAddress> peers = new ArrayList<>(length / entry);
        int addressLength = entry - 2;
        for (int p = offset; p < offset + length; p += entry) {
            byte[] address = Arrays.copyOfRange(data, p, p + addressLength);
            int port = ((data[p + addressLength] & 0xff) << 8) | (data[p + addressLength + 1] & 0xff);
            peers.add(new InetSocketAddress(ipv6 ? literal6(address) : literal(address), port));
        }
        return peers;
    }

    public static List<InetSocketAddress> decode(byte[] data, boolean ipv6, String field) throws TrackerProtocolException {
        return decode(data, 0, data.length, ipv6, field, -1);
    }

    /**
     * Encodes peers of one family. An IPv4-mapped IPv6 address counts as IPv4 (the JDK gives it
     * as {@link Inet4Address}); a peer of the other family or an unresolved one is rejected.
     */
    public static byte[] encode(List<InetSocketAddress> peers, boolean ipv6) {
        int entry = ipv6 ? IPV6_ENTRY : IPV4_ENTRY;
        byte[] out = new byte[peers.size() * entry];
        int p = 0;
        for (InetSocketAddress peer : peers) {
            InetAddress a = peer.getAddress();
            if (a == null || (ipv6 ? !(a instanceof Inet6Address) : !(a instanceof Inet4Address))) {
                throw new IllegalArgumentException("not an " + (ipv6 ? "IPv6" : "IPv4") + " peer: " + peer);
            }
            byte[] raw = a.getAddress();
            System.arraycopy(raw, 0, out, p, raw.length);
            out[p + raw.length] = (byte) (peer.getPort() >>> 8);
            out[p + raw.length + 1] = (byte) peer.getPort();
            p += entry;
        }
        return out;
    }

    /**
     * 16 bytes as an {@link Inet6Address} even when they are IPv4-mapped (::ffff:a.b.c.d): the
     * JDK would otherwise hand back an {@link Inet4Address}, and the peer would change family
     * between decoding and encoding.
     */
    static Inet6Address literal6(byte[] raw) {
        try {
            return Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 raw bytes are always an IPv6 address", e);
        }
    }

    /** An address from raw bytes: never a DNS lookup, so parsing stays pure and bounded. */
    static InetAddress literal(byte[] raw) {
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 raw bytes are always an address", e);
        }
    }
}
