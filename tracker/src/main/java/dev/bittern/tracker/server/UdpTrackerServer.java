package dev.bittern.tracker.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The UDP I/O adapter: receive a datagram, let {@link UdpTrackerProtocol} answer, send the
 * answer. A few threads share the blocking channel (receives and sends are each serialised by
 * the channel, the protocol work in between runs in parallel).
 */
final class UdpTrackerServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UdpTrackerServer.class.getName());
    /** Larger than any valid request (a full scrape is 16 + 74 * 20 = 1496 bytes). */
    private static final int MAX_DATAGRAM = 2048;

    private final DatagramChannel channel;
    private final UdpTrackerProtocol protocol;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    UdpTrackerServer(InetSocketAddress bind, UdpTrackerProtocol protocol, int threads) throws IOException {
        this.protocol = protocol;
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
        channel.bind(bind);
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().daemon().name("tracker-udp-" + i).start(this::serve));
        }
    }

    int port() {
        try {
            return ((InetSocketAddress) channel.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("UDP channel closed", e);
        }
    }

    private void serve() {
        ByteBuffer in = ByteBuffer.allocateDirect(MAX_DATAGRAM);
        byte[] packet = new byte[MAX_DATAGRAM];
        while (!closed) {
            try {
                in.clear();
                InetSocketAddress from = (InetSocketAddress) channel.receive(in);
                in.flip();
                int length = in.remaining();
                in.get(packet, 0, length);
                Optional<byte[]> reply = protocol.handle(packet, length, PeerAddress.of(from.getAddress(), from.getPort()));
                if (reply.isPresent()) {
                    channel.send(ByteBuffer.wrap(reply.get()), from);
                }
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                // One failed send (e.g. ICMP unreachable reported late) must not stop the server.
                if (!closed) {
                    LOG.log(Level.FINE, "UDP tracker I/O error", e);
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        channel.close();
        for (Thread t : workers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
