package dev.bittern.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Free loopback ports, found by binding port 0 and reading the port back. The port is released
 * before the external program binds it, so another process could take it in between; on this
 * shared machine that is rare, and the fixtures' "listening" waits then fail with the log.
 */
public final class FreePorts {
    private FreePorts() {
    }

    public static int tcp() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on loopback", e);
        }
    }

    public static int udp() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }

    /** A port free for both TCP and UDP (opentracker takes both). Bounded retries. */
    public static int tcpAndUdp() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = tcp();
            try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // UDP side taken: try another TCP port.
            }
        }
        throw new IllegalStateException("no port free for both TCP and UDP on loopback after 50 attempts");
    }
}
