package dev.bittern.tracker.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
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
 * answer. One blocking channel per worker thread, all bound to the same port with SO_REUSEPORT
 * so the kernel spreads clients over them and no thread waits on another's channel lock; where
 * SO_REUSEPORT is missing, the workers share one channel.
 */
final class UdpTrackerServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UdpTrackerServer.class.getName());
    /** Larger than any valid request (a full scrape is 16 + 74 * 20 = 1496 bytes). */
    private static final int MAX_DATAGRAM = 2048;

    private final List<DatagramChannel> channels = new ArrayList<>();
    private final UdpTrackerProtocol protocol;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    UdpTrackerServer(InetSocketAddress bind, UdpTrackerProtocol protocol, int threads) throws IOException {
        this.protocol = protocol;
        try {
            DatagramChannel first = open(bind, threads > 1);
            channels.add(first);
            InetSocketAddress actual = new InetSocketAddress(bind.getAddress(), ((InetSocketAddress) first.getLocalAddress()).getPort());
            boolean reusePort = threads > 1 && first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            for (int i = 1; i < threads && reusePort; i++) {
                channels.add(open(actual, true));
            }
        } catch (IOException | RuntimeException e) {
            closeChannels();
            throw e;
        }
        for (int i = 0; i < threads; i++) {
            DatagramChannel ch = channels.get(i % channels.size());
            workers.add(Thread.ofPlatform().daemon().name("tracker-udp-" + i).start(() -> serve(ch)));
        }
    }

    private static DatagramChannel open(InetSocketAddress bind, boolean reusePort) throws IOException {
        DatagramChannel ch = Channels.ipv4Only(bind) ? DatagramChannel.open(StandardProtocolFamily.INET) : DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            if (reusePort && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(bind);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private void closeChannels() throws IOException {
        Channels.closeAll(channels);
    }

    int port() {
        try {
            return ((InetSocketAddress) channels.get(0).getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new IllegalStateException("UDP channel closed", e);
        }
    }

    private void serve(DatagramChannel channel) {
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
        closeChannels();
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
