package dev.bittern.session;

import dev.bittern.storage.PieceStore;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.MessageDecoder;
import dev.bittern.wire.MessageEncoder;
import dev.bittern.wire.MessageLimits;
import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import dev.bittern.wire.WireProtocolException;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The I/O of one peer connection after the handshake: a reader virtual thread (blocking reads into
 * a bounded buffer, {@link MessageDecoder}, events to the session) and a writer virtual thread
 * draining a bounded outbound queue. The writer reads requested blocks from storage itself and
 * waits for the upload rate limit, so neither disk reads nor throttling stall the session loop.
 * Nothing here holds a lock around blocking I/O.
 */
final class PeerConnection implements PeerLink {
    private static final System.Logger LOG = System.getLogger(PeerConnection.class.getName());
    /** Socket reads go into a buffer of this size; with the decoder's limit one message is held at most. */
    static final int READ_BUFFER = 64 * 1024;
    /** Outbound items (messages and requests to serve); more means the peer does not read and is dropped. */
    static final int OUTBOUND_CAPACITY = 2048;

    /** A peer's request queued for upload (as opposed to our own request message to send). */
    private record Serve(PeerMessage.Request request) {
    }

    /** Posts what the reader sees to the session; may block (back-pressure on a busy session). */
    interface Sink {
        void post(SessionEvent event) throws InterruptedException;
    }

    private final SocketChannel channel;
    private final InetSocketAddress remote;
    private final PeerId peerId;
    private final boolean outgoing;
    private final PieceStore<PeerLink> store;
    private final SharedRateLimiter upload;
    private final SharedRateLimiter download;
    private final BlockingQueue<Object> outbound = new ArrayBlockingQueue<>(OUTBOUND_CAPACITY);
    /** Requests to serve taken off {@link #outbound}, waiting for the upload limit; only the writer adds. */
    private final Deque<Serve> serving = new ConcurrentLinkedDeque<>();
    private final Set<PeerMessage.Request> dropped = ConcurrentHashMap.newKeySet();
    private final AtomicInteger pendingServes = new AtomicInteger();
    private final AtomicLong uploaded = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Runnable onClose;
    private volatile String closeReason;
    private Thread reader;
    private Thread writer;

    PeerConnection(SocketChannel channel, InetSocketAddress remote, PeerId peerId, boolean outgoing,
                   PieceStore<PeerLink> store, SharedRateLimiter upload, SharedRateLimiter download, Runnable onClose) {
        this.onClose = onClose;
        this.channel = channel;
        this.remote = remote;
        this.peerId = peerId;
        this.outgoing = outgoing;
        this.store = store;
        this.upload = upload;
        this.download = download;
    }

    /** Reads the peer's 68-byte handshake, failing fast on a wrong protocol string (BEP 3). */
    static Handshake readHandshake(SocketChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Handshake.LENGTH);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                throw new EOFException("connection closed after " + buf.position() + " of " + Handshake.LENGTH + " handshake bytes");
            }
            Handshake.checkProtocolPrefix(buf.array(), buf.position());
        }
        buf.flip();
        return Handshake.decode(buf);
    }

    static void writeFully(SocketChannel channel, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Starts the reader and writer threads; the reader posts messages and finally one {@link SessionEvent.Closed}. */
    void start(Sink sink, MessageLimits limits) {
        writer = Thread.ofVirtual().name("peer-writer " + remote).start(this::writeLoop);
        reader = Thread.ofVirtual().name("peer-reader " + remote).start(() -> readLoop(sink, limits));
    }

    private void readLoop(Sink sink, MessageLimits limits) {
        MessageDecoder decoder = new MessageDecoder(limits);
        ByteBuffer buf = ByteBuffer.allocate(READ_BUFFER);
        String reason;
        try {
            while (true) {
                int n = channel.read(buf);
                if (n < 0) {
                    reason = "peer closed the connection";
                    break;
                }
                download.acquire(n);
                buf.flip();
                PeerMessage m;
                while ((m = decoder.next(buf)) != null) {
                    sink.post(new SessionEvent.Message(this, m));
                }
                buf.clear();
            }
        } catch (WireProtocolException e) {
            reason = "protocol violation: " + e.getMessage();
        } catch (ClosedChannelException e) {
            reason = closeReason != null ? closeReason : "connection closed";
        } catch (IOException e) {
            reason = closeReason != null ? closeReason : "read failed: " + e.getMessage();
        } catch (InterruptedException e) {
            reason = "shutting down";
        }
        close(reason);
        try {
            sink.post(new SessionEvent.Closed(this, closeReason));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Messages go out as soon as they are queued; blocks to serve wait for the upload limit in
     * {@link #serving} without holding them up. In one FIFO, our own requests, haves and
     * interest would queue behind rate-limited blocks (seconds at a low limit): an uploading
     * peer would then download slower than a free-rider, the opposite of tit-for-tat.
     */
    private void writeLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER + 64);
        try {
            while (!closed.get()) {
                Serve waiting = serving.peek();
                Object item = waiting == null ? outbound.take()
                        : outbound.poll(Math.max(1, upload.nanosUntil(waiting.request().length())), TimeUnit.NANOSECONDS);
                for (int n = 0; item != null && n < OUTBOUND_CAPACITY; n++) {
                    if (item instanceof Serve serve) {
                        serving.add(serve);
                    } else {
                        fill(buf, item);
                    }
                    item = n + 1 < OUTBOUND_CAPACITY ? outbound.poll() : null;
                }
                // Batch the blocks the limit allows now into one write, never more than the buffer holds.
                Serve serve;
                while (buf.position() < READ_BUFFER / 2 && (serve = serving.poll()) != null) {
                    if (dropped.remove(serve.request())) {
                        pendingServes.decrementAndGet();
                        continue;
                    }
                    if (upload.tryAcquire(serve.request().length()) > 0) {
                        serving.addFirst(serve);
                        break;
                    }
                    fill(buf, serve);
                }
                if (buf.position() > 0) {
                    buf.flip();
                    writeFully(channel, buf);
                    buf.clear();
                }
            }
        } catch (InterruptedException | ClosedChannelException e) {
            close(closeReason != null ? closeReason : "connection closed");
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "peer writer " + remote + " failed", e);
            close("internal error while sending: " + e);
        }
    }

    /** Writes a message, or the block of a serve whose upload budget is already charged. */
    private void fill(ByteBuffer buf, Object item) throws IOException {
        if (item instanceof Serve(PeerMessage.Request r)) {
            pendingServes.decrementAndGet();
            byte[] data = store.readBlock(r.piece(), r.begin(), r.length());
            if (buf.remaining() < 13 + data.length) {
                buf.flip();
                writeFully(channel, buf);
                buf.clear();
            }
            buf.putInt(9 + data.length).put((byte) PeerMessage.ID_PIECE).putInt(r.piece()).putInt(r.begin());
            if (buf.remaining() >= data.length) {
                buf.put(data);
            } else {
                buf.flip();
                writeFully(channel, buf);
                buf.clear();
                writeFully(channel, ByteBuffer.wrap(data));
            }
            uploaded.addAndGet(data.length);
            return;
        }
        PeerMessage m = (PeerMessage) item;
        int len = MessageEncoder.encodedLength(m);
        if (buf.remaining() < len) {
            buf.flip();
            writeFully(channel, buf);
            buf.clear();
        }
        if (buf.remaining() >= len) {
            MessageEncoder.encodeTo(m, buf);
        } else {
            writeFully(channel, ByteBuffer.wrap(MessageEncoder.encode(m)));
        }
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public PeerId peerId() {
        return peerId;
    }

    @Override
    public boolean outgoing() {
        return outgoing;
    }

    @Override
    public boolean send(PeerMessage message) {
        return closed.get() || outbound.offer(message); // a closing connection drops it; only a full queue is an error
    }

    @Override
    public boolean serve(PeerMessage.Request request) {
        if (closed.get()) {
            return true;
        }
        dropped.remove(request);
        pendingServes.incrementAndGet();
        if (!outbound.offer(new Serve(request))) {
            pendingServes.decrementAndGet();
            return false;
        }
        return true;
    }

    @Override
    public void dropServe(PeerMessage.Request request) {
        if (pendingServes.get() > 0 && dropped.size() < OUTBOUND_CAPACITY) {
            dropped.add(request);
        }
    }

    @Override
    public void dropAllServes() {
        outbound.removeIf(o -> {
            if (o instanceof Serve) {
                pendingServes.decrementAndGet();
                return true;
            }
            return false;
        });
        while (serving.poll() != null) {
            pendingServes.decrementAndGet();
        }
        dropped.clear();
    }

    @Override
    public int pendingServes() {
        return pendingServes.get();
    }

    @Override
    public long uploadedBytes() {
        return uploaded.get();
    }

    @Override
    public void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeReason = reason;
        onClose.run();
        LOG.log(System.Logger.Level.DEBUG, () -> "closing " + remote + " (" + peerId + "): " + reason);
        try {
            channel.close(); // wakes a blocked read or write
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing " + remote + ": " + e);
        }
        if (writer != null) {
            writer.interrupt(); // wakes a take() on the empty queue
        }
    }

    String closeReason() {
        return closeReason;
    }

    @Override
    public String toString() {
        return remote + (outgoing ? " (out)" : " (in)");
    }
}
