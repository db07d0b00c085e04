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
import java.util.ArrayDeque;
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
    /**
     * Socket reads go into a direct buffer of this size (a heap buffer would be copied through a
     * temporary direct one by the JDK); several blocks per read. The decoder holds at most one message.
     */
    static final int READ_BUFFER = 128 * 1024;
    /** The writer's direct buffer: several blocks go out in one write. */
    static final int WRITE_BUFFER = 256 * 1024;
    /** The writer stops batching once less than this is left (a 16 KiB block and its header). */
    private static final int BATCH_SLACK = 16 * 1024 + 13;
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
    private final BlockArrays blockArrays;
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
                   PieceStore<PeerLink> store, SharedRateLimiter upload, SharedRateLimiter download, BlockArrays blockArrays,
                   Runnable onClose) {
        this.blockArrays = blockArrays;
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
        // Blocks are decoded into arrays the session hands back after writing them (no array per block);
        // they are posted in stream order with the other messages.
        ArrayDeque<SessionEvent.Block> blocks = new ArrayDeque<>();
        decoder.setBlockSink(new MessageDecoder.BlockSink() {
            @Override
            public byte[] array(int length) {
                return blockArrays.take(length);
            }

            @Override
            public void block(int piece, int begin, byte[] data, int length) {
                blocks.add(new SessionEvent.Block(PeerConnection.this, piece, begin, data, length));
            }
        });
        ByteBuffer buf = ByteBuffer.allocateDirect(READ_BUFFER);
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
                    postAll(blocks, sink);
                    sink.post(new SessionEvent.Message(this, m));
                }
                postAll(blocks, sink);
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

    private static void postAll(ArrayDeque<SessionEvent.Block> blocks, Sink sink) throws InterruptedException {
        SessionEvent.Block b;
        while ((b = blocks.poll()) != null) {
            sink.post(b);
        }
    }

    /**
     * Messages go out as soon as they are queued; blocks to serve wait for the upload limit in
     * {@link #serving} without holding them up. In one FIFO, our own requests, haves and
     * interest would queue behind rate-limited blocks (seconds at a low limit): an uploading
     * peer would then download slower than a free-rider, the opposite of tit-for-tat.
     */
    private void writeLoop() {
        ByteBuffer buf = ByteBuffer.allocateDirect(WRITE_BUFFER);
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
                // Batch the blocks the limit allows now into one write (one syscall for several blocks).
                Serve serve;
                while (buf.position() < WRITE_BUFFER - BATCH_SLACK && (serve = serving.poll()) != null) {
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
                    flush(buf);
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

    private void flush(ByteBuffer buf) throws IOException {
        buf.flip();
        writeFully(channel, buf);
        buf.clear();
    }

    /** Writes a message, or the block of a serve whose upload budget is already charged. */
    private void fill(ByteBuffer buf, Object item) throws IOException {
        if (item instanceof Serve(PeerMessage.Request r)) {
            pendingServes.decrementAndGet();
            int length = r.length();
            if (buf.remaining() < 13 + length) {
                flush(buf);
            }
            if (buf.remaining() < 13 + length) {
                // Larger than the whole send buffer (requests may be up to MAX_BLOCK_LENGTH): one array.
                byte[] data = store.readBlock(r.piece(), r.begin(), length);
                buf.putInt(9 + length).put((byte) PeerMessage.ID_PIECE).putInt(r.piece()).putInt(r.begin());
                flush(buf);
                writeFully(channel, ByteBuffer.wrap(data));
            } else {
                // The block is read from the file straight into the direct send buffer: no array, no copy.
                int start = buf.position() + 13;
                store.readBlock(r.piece(), r.begin(), buf.slice(start, length));
                buf.putInt(9 + length).put((byte) PeerMessage.ID_PIECE).putInt(r.piece()).putInt(r.begin());
                buf.position(start + length);
            }
            uploaded.addAndGet(length);
            return;
        }
        PeerMessage m = (PeerMessage) item;
        int len = MessageEncoder.encodedLength(m);
        if (buf.remaining() < len) {
            flush(buf);
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
