package dev.bittern.tracker.server;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Where a peer can be reached, in the compact wire form: 4 address bytes (IPv4, BEP 23) or
 * 16 (IPv6, BEP 7), followed by the port in network byte order.
 */
public record PeerAddress(byte[] address, int port) {
    public PeerAddress {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        }
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        address = address.clone();
    }

    /** An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) counts as the IPv4 address it maps. */
    public static PeerAddress of(InetAddress address, int port) {
        byte[] raw = address.getAddress();
        if (address instanceof Inet6Address && isV4Mapped(raw)) {
            raw = Arrays.copyOfRange(raw, 12, 16);
        } else if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        return new PeerAddress(raw, port);
    }

    public boolean isIpv6() {
        return address.length == 16;
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    /** The compact entry: address bytes then big-endian port (6 or 18 bytes). */
    public byte[] compact() {
        byte[] out = new byte[address.length + 2];
        System.arraycopy(address, 0, out, 0, address.length);
        out[address.length] = (byte) (port >>> 8);
        out[address.length + 1] = (byte) port;
        return out;
    }

    public InetAddress inetAddress() {
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    static boolean isV4Mapped(byte[] raw) {
        if (raw.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (raw[i] != 0) {
                return false;
            }
        }
        return raw[10] == (byte) 0xFF && raw[11] == (byte) 0xFF;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerAddress p && p.port == port && Arrays.equals(p.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + port;
    }

    @Override
    public String toString() {
        String host = inetAddress().getHostAddress();
        return (isIpv6() ? "[" + host + "]" : host) + ":" + port;
    }
}
