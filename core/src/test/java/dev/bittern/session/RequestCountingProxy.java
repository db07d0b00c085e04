package dev.bittern.session;

import dev.bittern.wire.Handshake;
import dev.bittern.wire.MessageDecoder;
import dev.bittern.wire.MessageLimits;
import dev.bittern.wire.PeerMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP relay in front of a seed that decodes what the downloader sends and records
 * every block request with the run (process incarnation) it came in, so a test can prove that
 * verified pieces are never fetched again after a restart.
 */
final class RequestCountingProxy implements AutoCloseable {
    record Sent(int run, int piece, int begin) {
    }

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final int pieceCount;
    private final List<Sent> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    volatile int run;

    RequestCountingProxy(InetSocketAddress target, int pieceCount) throws IOException {
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.target = target;
        this.pieceCount = pieceCount;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Sent> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                Socket out = new Socket();
                out.connect(target, 5000);
                sockets.add(in);
                sockets.add(out);
                int r = run;
                Thread.ofVirtual().start(() -> relayUpstream(in, out, r));
                Thread.ofVirtual().start(() -> relay(out, in));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void relayUpstream(Socket from, Socket to, int runOfConnection) {
        MessageDecoder decoder = new MessageDecoder(MessageLimits.forTorrent(pieceCount));
        byte[] buf = new byte[64 * 1024];
        int handshakeLeft = Handshake.LENGTH;
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                int skip = Math.min(handshakeLeft, n);
                handshakeLeft -= skip;
                ByteBuffer b = ByteBuffer.wrap(buf, skip, n - skip);
                for (PeerMessage m : decoder.feed(b)) {
                    if (m instanceof PeerMessage.Request q) {
                        requests.add(new Sent(runOfConnection, q.piece(), q.begin()));
                    }
                }
            }
        } catch (IOException e) {
            // the downloader was killed: its connection breaks
        }
    }

    private static void relay(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // either side went away
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
