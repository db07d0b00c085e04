package dev.bittern.session;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.wire.Handshake;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The listening port: accepts on a virtual thread, reads each peer's handshake (with a time-out)
 * on a virtual thread of its own, and hands the connection to the session of the info-hash it
 * names. Unknown info-hashes and connections over the total limit are closed at once.
 */
final class PeerListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PeerListener.class.getName());

    private final ServerSocketChannel server;
    private final Map<InfoHash, TorrentSession> sessions = new ConcurrentHashMap<>();
    private final ConnectionLimit limit;
    private final Thread acceptor;

    PeerListener(InetSocketAddress bind, ConnectionLimit limit) throws IOException {
        this.server = ServerSocketChannel.open();
        server.bind(bind, 64);
        this.limit = limit;
        this.acceptor = Thread.ofVirtual().name("peer-listener " + bind).start(this::acceptLoop);
    }

    int port() {
        return ((InetSocketAddress) server.socket().getLocalSocketAddress()).getPort();
    }

    void register(TorrentSession s) {
        sessions.put(s.infoHash(), s);
    }

    void unregister(TorrentSession s) {
        sessions.remove(s.infoHash(), s);
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "accept failed: " + e);
                continue;
            }
            if (!limit.tryAcquire()) {
                closeQuietly(ch, "connection limit reached");
                continue;
            }
            Thread.ofVirtual().name("handshake").start(() -> handshake(ch));
        }
    }

    private void handshake(SocketChannel ch) {
        boolean handedOver = false;
        InetSocketAddress remote = null;
        Thread watchdog = Thread.ofVirtual().start(() -> TorrentSession.closeAfter(ch, TorrentSession.HANDSHAKE_TIMEOUT));
        try {
            remote = (InetSocketAddress) ch.getRemoteAddress();
            ch.socket().setTcpNoDelay(true);
            Handshake theirs = PeerConnection.readHandshake(ch);
            TorrentSession s = sessions.get(theirs.infoHash());
            if (s == null) {
                InetSocketAddress r = remote;
                LOG.log(System.Logger.Level.INFO, () -> "closing " + r + ": unknown info-hash " + theirs.infoHash().hex());
                return;
            }
            Optional<String> refused = s.incomingRefusal(remote, theirs);
            if (refused.isPresent()) {
                InetSocketAddress r = remote;
                LOG.log(System.Logger.Level.INFO, () -> "refusing " + r + " before our handshake: " + refused.get());
                return;
            }
            s.incoming(ch, remote, theirs);
            handedOver = true;
        } catch (IOException | RuntimeException e) {
            InetSocketAddress r = remote;
            LOG.log(System.Logger.Level.INFO, () -> "incoming connection " + r + " failed in the handshake: " + e.getMessage());
        } finally {
            watchdog.interrupt();
            if (!handedOver) {
                limit.release();
                closeQuietly(ch, "handshake failed");
            }
        }
    }

    private static void closeQuietly(SocketChannel ch, String why) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing (" + why + "): " + e);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
