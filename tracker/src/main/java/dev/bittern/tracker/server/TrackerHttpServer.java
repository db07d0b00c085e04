package dev.bittern.tracker.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
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
 * one segment, and closes (opentracker does not even offer keep-alive). Each acceptor is a
 * selector loop (one per core, platform thread) over its own listening socket (SO_REUSEPORT on
 * the same port, like the UDP side, so the kernel spreads connections and no acceptor queues on
 * another's accept lock). After accept it reads without blocking; a connection whose request has
 * not arrived yet waits as a selection key. When a read holds a complete head for a tracker
 * endpoint and the answer goes out in one write, the acceptor answers and closes on the spot,
 * which saves a thread start, a poller registration and a wake-up per announce. A partial head
 * (slow or hostile client), a keep-alive request, a hosting page (file I/O) or a partial write
 * goes to a virtual thread with the bytes read so far, so the acceptor never waits on a client.
 *
 * <p>Bounds: {@link HttpRequestHead#MAX_HEAD_BYTES} per request head, {@code maxConnections}
 * connections on virtual threads (beyond that new ones are closed at once),
 * {@link #READ_TIMEOUT_MILLIS} for a request head to arrive completely.
 */
final class TrackerHttpServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TrackerHttpServer.class.getName());
    static final int READ_TIMEOUT_MILLIS = 15_000;
    /** Connections an acceptor keeps waiting for their first bytes before it uses virtual threads. */
    private static final int MAX_WAITING = 4096;
    private static final int ACCEPTS_PER_ROUND = 64;
    private static final long SWEEP_NANOS = 100_000_000L;
    /** Well below the smallest default TCP send buffer (tcp_wmem minimum 4 KiB, default 16 KiB). */
    private static final int INLINE_BLOCKING_WRITE_MAX = 4096;

    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final TrackerHttpApp app;
    private final Semaphore connections;
    private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
    private final Set<Selector> selectors = ConcurrentHashMap.newKeySet();
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
        // An IPv4 socket for a specific IPv4 address: with the JDK's dual-stack default the kernel
        // sets up and tears down IPv6 socket state for every accepted IPv4 connection.
        ServerSocketChannel ch = Channels.ipv4Only(bind)
                ? ServerSocketChannel.open(StandardProtocolFamily.INET) : ServerSocketChannel.open();
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

    /** A connection leaving the acceptor for a virtual thread: bytes already read, or an answer still to write. */
    private record HandOff(SocketChannel channel, byte[] read, ByteBuffer pending) {
    }

    /**
     * One acceptor: a selector over its listener and the accepted connections whose first bytes
     * have not arrived yet (the client's request often lands a moment after the handshake). Such a
     * connection costs a selection key, not a thread; at most {@link #MAX_WAITING} per acceptor
     * (beyond that they go to virtual threads), closed unanswered after {@link #READ_TIMEOUT_MILLIS}.
     */
    private void acceptLoop(ServerSocketChannel listener) {
        try (Selector selector = Selector.open()) {
            selectors.add(selector);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
            try {
                select(listener, selector);
            } finally {
                for (SelectionKey key : selector.keys()) {
                    if (key.channel() instanceof SocketChannel waiting) {
                        closeQuietly(waiting);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                LOG.log(Level.WARNING, "HTTP acceptor stopped", e);
            }
        }
    }

    private void select(ServerSocketChannel listener, Selector selector) throws IOException {
        // One buffer per acceptor, reused for every inline request.
        byte[] buf = new byte[HttpRequestHead.MAX_HEAD_BYTES];
        ByteBuffer in = ByteBuffer.wrap(buf);
        List<HandOff> handOffs = new ArrayList<>();
        List<SocketChannel> early = new ArrayList<>();
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        while (!closed) {
            selector.select(SWEEP_NANOS / 1_000_000);
            boolean cancelled = false;
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                if (!key.isValid()) {
                    continue;
                }
                if (key.isAcceptable()) {
                    acceptSome(listener, selector, buf, in, handOffs, early);
                } else if (key.isReadable()) {
                    int before = handOffs.size();
                    answerInline((SocketChannel) key.channel(), buf, in, handOffs);
                    if (handOffs.size() > before) {
                        // The channel must leave this selector before it can block on a virtual thread.
                        key.cancel();
                        cancelled = true;
                    }
                }
            }
            if (cancelled) {
                selector.selectNow();
            }
            for (HandOff h : handOffs) {
                handOff(h);
            }
            handOffs.clear();
            long now = System.nanoTime();
            if (now - nextSweep >= 0) {
                nextSweep = now + SWEEP_NANOS;
                closeExpired(selector, now);
            }
        }
    }

    private void acceptSome(ServerSocketChannel listener, Selector selector, byte[] buf, ByteBuffer in,
                            List<HandOff> handOffs, List<SocketChannel> early) {
        for (int i = 0; i < ACCEPTS_PER_ROUND; i++) {
            SocketChannel ch;
            try {
                ch = listener.accept();
                if (ch == null) {
                    break;
                }
            } catch (IOException e) {
                // e.g. EMFILE or a connection reset while queued; the listener itself stays usable.
                LOG.log(Level.FINE, "accept failed", e);
                break;
            }
            try {
                // No TCP_NODELAY here: a one-shot answer is a single write followed by close, which
                // Nagle does not delay; only connections that stay open (handOff) need it.
                // The accepted channel is in blocking mode. When the request has already arrived
                // (most of the time) one FIONREAD says so and the read returns at once, which saves
                // the two fcntl calls of switching to non-blocking mode.
                if (hasBytes(ch)) {
                    answerInline(ch, buf, in, handOffs);
                } else {
                    early.add(ch);
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "inline HTTP answer failed", e);
                closeQuietly(ch);
            }
        }
        // Connections accepted before their request arrived: once the burst of accepts is done the
        // request has often landed, so look once more before paying for the selector (two fcntl,
        // epoll_ctl add and delete, a wake-up and a deferred close).
        for (SocketChannel ch : early) {
            try {
                if (hasBytes(ch)) {
                    answerInline(ch, buf, in, handOffs);
                } else if (selector.keys().size() <= MAX_WAITING) {
                    ch.configureBlocking(false);
                    ch.register(selector, SelectionKey.OP_READ, System.nanoTime());
                } else {
                    handOffs.add(new HandOff(ch, new byte[0], null));
                }
            } catch (IOException e) {
                LOG.log(Level.FINE, "inline HTTP answer failed", e);
                closeQuietly(ch);
            }
        }
        early.clear();
    }

    /** Whether request bytes are waiting on a blocking-mode channel (FIONREAD, one ioctl). */
    private static boolean hasBytes(SocketChannel ch) throws IOException {
        return ch.socket().getInputStream().available() > 0;
    }

    /**
     * Reads what has arrived and answers a complete one-shot tracker request on the spot; anything
     * else is queued in {@code handOffs}. Returns false only when nothing has arrived yet.
     */
    private boolean answerInline(SocketChannel ch, byte[] buf, ByteBuffer in, List<HandOff> handOffs) {
        try {
            int n = ch.read(in.clear());
            if (n == 0) {
                return false;
            }
            if (n < 0) {
                ch.close();
                return true;
            }
            int headEnd = HttpRequestHead.headEnd(buf, 0, n);
            if (headEnd < 0) {
                handOffs.add(new HandOff(ch, Arrays.copyOf(buf, n), null));
                return true;
            }
            HttpRequestHead head;
            try {
                head = HttpRequestHead.parse(buf, 0, headEnd);
            } catch (HttpRequestException e) {
                answerAndClose(ch, HttpResponse.text(e.status(), e.getMessage() + "\n").serialize(false, false), handOffs);
                return true;
            }
            if (head.chunked() || head.contentLength().orElse(0) > 0) {
                answerAndClose(ch, refuseBody(head), handOffs);
                return true;
            }
            if (head.keepAlive() || !app.answersWithoutIo(head)) {
                handOffs.add(new HandOff(ch, Arrays.copyOf(buf, n), null));
                return true;
            }
            InetAddress remote = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
            answerAndClose(ch, app.handle(head, remote).serialize(false, head.method().equals("HEAD")), handOffs);
        } catch (IOException e) {
            // Reset by the peer: nothing left to answer.
            LOG.log(Level.FINE, "inline HTTP answer failed", e);
            closeQuietly(ch);
        } catch (RuntimeException e) {
            // A bug in one request's handling must cost that connection, not the acceptor.
            LOG.log(Level.WARNING, "inline HTTP answer failed", e);
            closeQuietly(ch);
        }
        return true;
    }

    /**
     * Writes a closing answer; when the socket buffer takes only part of it, a virtual thread
     * finishes. On a channel still in blocking mode only an answer that surely fits the empty
     * send buffer of a fresh connection is written here, so the write cannot block the acceptor.
     */
    private static void answerAndClose(SocketChannel ch, byte[] response, List<HandOff> handOffs) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(response);
        if (ch.isBlocking() && response.length > INLINE_BLOCKING_WRITE_MAX) {
            handOffs.add(new HandOff(ch, new byte[0], out));
            return;
        }
        ch.write(out);
        if (out.hasRemaining()) {
            handOffs.add(new HandOff(ch, new byte[0], out));
            return;
        }
        // A plain close, no shutdownOutput first: the answer is fully queued and the kernel sends
        // FIN after it, as opentracker does.
        ch.close();
    }

    /** Closes connections that have sent nothing within the head deadline. */
    private static void closeExpired(Selector selector, long now) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof Long since && now - since > READ_TIMEOUT_MILLIS * 1_000_000L) {
                closeQuietly((SocketChannel) key.channel());
            }
        }
    }

    /** Continues a connection on a virtual thread: first the rest of a pending answer, else its requests. */
    private void handOff(HandOff h) {
        SocketChannel ch = h.channel();
        if (closed || !connections.tryAcquire()) {
            closeQuietly(ch);
            return;
        }
        open.add(ch);
        Thread.ofVirtual().name("tracker-http").start(() -> {
            try {
                ch.configureBlocking(true);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (h.pending() != null) {
                    while (h.pending().hasRemaining()) {
                        ch.write(h.pending());
                    }
                } else {
                    serve(ch, h.read());
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
        Channels.closeAll(listeners);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        try {
            closeListeners();
        } finally {
            for (Selector selector : selectors) {
                selector.wakeup();
            }
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
