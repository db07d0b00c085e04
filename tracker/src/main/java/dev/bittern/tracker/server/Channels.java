package dev.bittern.tracker.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.List;

/** Opening and shutting down the server's channels. */
final class Channels {
    private Channels() {
    }

    /**
     * Whether a listening channel for {@code bind} should be an IPv4 socket, as opentracker's are:
     * the JDK's default is a dual-stack IPv6 socket, which makes the kernel handle every IPv4
     * connection or datagram as an IPv4-mapped IPv6 one. A specific IPv4 address can only ever see
     * IPv4 clients; the wildcard stays dual-stack so IPv6 clients can still reach the tracker.
     */
    static boolean ipv4Only(InetSocketAddress bind) {
        return bind.getAddress() instanceof Inet4Address && !bind.getAddress().isAnyLocalAddress();
    }

    /** Closes all, every one even if an earlier close fails; throws the first failure with the later ones suppressed. */
    static void closeAll(List<? extends Closeable> channels) throws IOException {
        IOException first = null;
        for (Closeable ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
