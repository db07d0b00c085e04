package dev.bittern.tracker.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP/1.1 server on blocking sockets: one acceptor thread, one virtual thread per
 * connection (keep-alive and pipelining supported, no request bodies). It replaces the JDK
 * HttpServer because that one answers an unparsable request target with its own 400 before the
 * tracker sees it (BEP 3 wants a bencoded failure reason), takes its size limits from global
 * system properties, and hands every request from a selector thread to an executor; see
 * docs/benchmarks.md for the profile and the figures.
 *
 * <p>Bounds: {@link HttpRequestHead#MAX_HEAD_BYTES} per request head, {@code maxConnections}
 * open connections (beyond that new ones are closed at once), {@link #READ_TIMEOUT_MILLIS}
 * for a request head to arrive completely.
 */
final class TrackerHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackerHttpServer.class.getName());
    static final int READ_TIMEOUT_MILLIS = 15_000;

    private final ServerSocket server;
    private final TrackerHttpApp app;
    private final Semaphore connections;
    private final java.util.Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    TrackerHttpServer(InetSocketAddress bind, TrackerHttpApp app, int maxConnections) throws IOException {
        this.app = app;
        this.connections = new Semaphore(maxConnections);
        this.server = new ServerSocket();
        try {
            server.setReuseAddress(true);
            server.bind(bind, 1024);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        this.acceptor = Thread.ofPlatform().daemon().name("tracker-http-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.FINE, "accept failed", e);
                }
                continue;
            }
            if (!connections.tryAcquire()) {
                closeQuietly(socket);
                continue;
            }
            open.add(socket);
            Thread.ofVirtual().name("tracker-http").start(() -> {
                try {
                    serve(socket);
                } finally {
                    open.remove(socket);
                    closeQuietly(socket);
                    connections.release();
                }
            });
        }
    }

    private void serve(Socket socket) {
        byte[] buf = new byte[HttpRequestHead.MAX_HEAD_BYTES];
        int start = 0;
        int end = 0;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            while (!closed) {
                // Read until a complete head is buffered; pipelined bytes after it stay for the next round.
                int headEnd = HttpRequestHead.headEnd(buf, start, end);
                long deadline = System.nanoTime() + READ_TIMEOUT_MILLIS * 1_000_000L;
                while (headEnd < 0) {
                    if (start > 0) {
                        System.arraycopy(buf, start, buf, 0, end - start);
                        end -= start;
                        start = 0;
                    }
                    if (end == buf.length) {
                        out.write(HttpResponse.text(431, "request head longer than " + buf.length + " bytes\n")
                                .serialize(false, false));
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        return;
                    }
                    int n = in.read(buf, end, buf.length - end);
                    if (n < 0) {
                        return;
                    }
                    int scanFrom = Math.max(start, end - 2);
                    end += n;
                    headEnd = HttpRequestHead.headEnd(buf, scanFrom, end);
                }
                HttpRequestHead head;
                try {
                    head = HttpRequestHead.parse(buf, start, headEnd - start);
                } catch (HttpRequestException e) {
                    out.write(HttpResponse.text(e.status(), e.getMessage() + "\n").serialize(false, false));
                    return;
                }
                start = headEnd;
                if (head.chunked() || head.contentLength().orElse(0) > 0) {
                    // No endpoint takes a body; refusing it (and closing) avoids reading unbounded input.
                    out.write(HttpResponse.text(head.chunked() ? 501 : 413, "request bodies are not accepted\n")
                            .serialize(false, false));
                    return;
                }
                HttpResponse response = app.handle(head, socket.getInetAddress());
                out.write(response.serialize(head.keepAlive(), head.method().equals("HEAD")));
                if (!head.keepAlive()) {
                    socket.shutdownOutput();
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // Idle, reset or closed by the peer (or by close()): nothing to answer.
        } catch (IOException e) {
            LOG.log(Level.FINE, "HTTP connection failed", e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            closeQuietly(s);
        }
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
