package dev.bittern.tracker.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A small HTTP/1.1 server: a few platform acceptor threads that answer the common one-shot
 * announce inline, and one virtual thread per connection for everything else (keep-alive and
 * pipelining supported, no request bodies). It replaces the JDK HttpServer because that one
 * answers an unparsable request target with its own 400 before the tracker sees it (BEP 3 wants
 * a bencoded failure reason), takes its size limits from global system properties, and hands
 * every request from a selector thread to an executor; see docs/benchmarks.md for the profile
 * and the figures.
 *
 * <p>Inline path: a tracker client typically opens a connection, sends one GET whose head fits
 * one segment, and closes (opentracker does not even offer keep-alive). After accept, the
 * acceptor reads once without blocking; when that read holds a complete head for a tracker
 * endpoint and the answer fits the socket buffer in one write, it answers and closes on the
 * spot, which saves a thread start, a poller registration and a wake-up per announce. A partial
 * head (slow or hostile client), a keep-alive request, a hosting page (file I/O) or a partial
 * write goes to a virtual thread with the bytes read so far, so the acceptor never waits on a
 * client. Each acceptor has its own listening socket on the same port (SO_REUSEPORT, like the
 * UDP side), so the kernel spreads connections over them and no acceptor queues on another's
 * accept lock.
 *
 * <p>Bounds: {@link HttpRequestHead#MAX_HEAD_BYTES} per request head, {@code maxConnections}
 * connections on virtual threads (beyond that new ones are closed at once),
 * {@link #READ_TIMEOUT_MILLIS} for a request head to arrive completely.
 */
final class TrackerHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackerHttpServer.class.getName());
    static final int READ_TIMEOUT_MILLIS = 15_000;

    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final TrackerHttpApp app;
    private final Semaphore connections;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final List<Thread> acceptors = new ArrayList<>();
    private final int port;
    private volatile boolean closed;

    TrackerHttpServer(InetSocketAddress bind, TrackerHttpApp app, int maxConnections, int acceptorThreads)
            throws IOException {
        this.app = app;
        this.connections = new Semaphore(maxConnections);
        try {
            ServerSocketChannel first = listen(bind, acceptorThreads > 1);
            listeners.add(first);
            this.port = ((InetSocketAddress) first.getLocalAddress()).getPort();
            boolean reusePort = acceptorThreads > 1
                    && first.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT);
            InetSocketAddress actual = new InetSocketAddress(bind.getAddress(), port);
            for (int i = 1; i < acceptorThreads && reusePort; i++) {
                listeners.add(listen(actual, true));
            }
        } catch (IOException | RuntimeException e) {
            closeListeners();
            throw e;
        }
        for (int i = 0; i < listeners.size(); i++) {
            ServerSocketChannel listener = listeners.get(i);
            acceptors.add(Thread.ofPlatform().daemon().name("tracker-http-accept-" + i)
                    .start(() -> acceptLoop(listener)));
        }
    }

    private static ServerSocketChannel listen(InetSocketAddress bind, boolean reusePort) throws IOException {
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            if (reusePort && ch.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            ch.bind(bind, 1024);
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    int port() {
        return port;
    }

    private void acceptLoop(ServerSocketChannel listener) {
        // One buffer per acceptor, reused for every inline request.
        byte[] buf = new byte[HttpRequestHead.MAX_HEAD_BYTES];
        ByteBuffer in = ByteBuffer.wrap(buf);
        while (!closed) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.log(Level.FINE, "accept failed", e);
                }
                continue;
            }
            try {
                serveInline(ch, buf, in.clear());
            } catch (IOException e) {
                // Reset by the peer or refused by the kernel: nothing left to answer.
                LOG.log(Level.FINE, "inline HTTP answer failed", e);
                closeQuietly(ch);
            }
        }
    }

    /** Answers a one-shot request on the acceptor thread, or hands the connection to a virtual thread. */
    private void serveInline(SocketChannel ch, byte[] buf, ByteBuffer in) throws IOException {
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        int n = ch.read(in);
        if (n < 0) {
            ch.close();
            return;
        }
        int headEnd = HttpRequestHead.headEnd(buf, 0, n);
        if (headEnd < 0) {
            handOff(ch, Arrays.copyOf(buf, n), null);
            return;
        }
        HttpRequestHead head;
        try {
            head = HttpRequestHead.parse(buf, 0, headEnd);
        } catch (HttpRequestException e) {
            answerAndClose(ch, HttpResponse.text(e.status(), e.getMessage() + "\n").serialize(false, false));
            return;
        }
        if (head.chunked() || head.contentLength().orElse(0) > 0) {
            answerAndClose(ch, refuseBody(head));
            return;
        }
        if (head.keepAlive() || !app.answersWithoutIo(head)) {
            handOff(ch, Arrays.copyOf(buf, n), null);
            return;
        }
        InetAddress remote = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
        answerAndClose(ch, app.handle(head, remote).serialize(false, head.method().equals("HEAD")));
    }

    /** Writes a closing answer; when the socket buffer takes only part of it, a virtual thread finishes. */
    private void answerAndClose(SocketChannel ch, byte[] response) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(response);
        ch.write(out);
        if (out.hasRemaining()) {
            handOff(ch, new byte[0], out);
            return;
        }
        // A plain close, no shutdownOutput first: the answer is fully queued and the kernel sends
        // FIN after it, as opentracker does.
        ch.close();
    }

    /** Continues {@code ch} on a virtual thread: first the rest of {@code pending}, then requests from {@code read}. */
    private void handOff(SocketChannel ch, byte[] read, ByteBuffer pending) throws IOException {
        if (!connections.tryAcquire()) {
            ch.close();
            return;
        }
        open.add(ch);
        Thread.ofVirtual().name("tracker-http").start(() -> {
            try {
                ch.configureBlocking(true);
                if (pending != null) {
                    while (pending.hasRemaining()) {
                        ch.write(pending);
                    }
                } else {
                    serve(ch, read);
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "HTTP connection failed", e);
            } finally {
                open.remove(ch);
                closeQuietly(ch);
                connections.release();
            }
        });
    }

    private static byte[] refuseBody(HttpRequestHead head) {
        // No endpoint takes a body; refusing it (and closing) avoids reading unbounded input.
        return HttpResponse.text(head.chunked() ? 501 : 413, "request bodies are not accepted\n").serialize(false, false);
    }

    /** The blocking per-connection loop; {@code initial} holds bytes already read from the connection. */
    private void serve(SocketChannel ch, byte[] initial) throws IOException {
        byte[] buf = Arrays.copyOf(initial, HttpRequestHead.MAX_HEAD_BYTES);
        int start = 0;
        int end = initial.length;
        Socket socket = ch.socket();
        try {
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
                    out.write(refuseBody(head));
                    return;
                }
                HttpResponse response = app.handle(head, socket.getInetAddress());
                out.write(response.serialize(head.keepAlive(), head.method().equals("HEAD")));
                if (!head.keepAlive()) {
                    return;
                }
            }
        } catch (SocketTimeoutException | SocketException e) {
            // Idle, reset or closed by the peer (or by close()): nothing to answer.
        }
    }

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }

    private void closeListeners() throws IOException {
        IOException first = null;
        for (ServerSocketChannel ch : listeners) {
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

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            closeListeners();
        } finally {
            for (SocketChannel s : open) {
                closeQuietly(s);
            }
            for (Thread t : acceptors) {
                try {
                    t.join(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
    }
}
