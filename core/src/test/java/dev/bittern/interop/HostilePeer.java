package dev.bittern.interop;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.MessageDecoder;
import dev.bittern.wire.MessageEncoder;
import dev.bittern.wire.MessageLimits;
import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import dev.bittern.wire.WireProtocolException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A scripted misbehaving peer on raw TCP (loopback), for adversarial tests of a BitTorrent
 * implementation. It speaks the real wire format through {@code dev.bittern.wire} and then
 * breaks the rules on demand: claim every piece, answer requests with garbage, send an
 * oversized length prefix, request or send pieces outside the torrent, flood, send spare bits.
 *
 * <p>A reader thread (virtual) records every decoded message and whether the other side
 * closed the connection; the test asserts on {@link #received()}, {@link #awaitMessage} and
 * {@link #awaitClosedByRemote}. Sends never throw on a broken connection (that is the expected
 * outcome of misbehaving): they return false and mark the connection closed by the remote.
 */
public final class HostilePeer implements AutoCloseable {
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InfoHash infoHash;
    private final int pieceCount;
    private final Handshake remoteHandshake;
    private final OutputStream out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final List<PeerMessage> received = new CopyOnWriteArrayList<>();
    private final CountDownLatch remoteClosed = new CountDownLatch(1);
    private final SplittableRandom random = new SplittableRandom(0xB177E5);
    private volatile boolean corruptAnswers;
    private volatile String closeReason = "";
    private volatile boolean closing;

    private HostilePeer(Socket socket, InfoHash infoHash, int pieceCount, Handshake remoteHandshake) throws IOException {
        this.socket = socket;
        this.infoHash = infoHash;
        this.pieceCount = pieceCount;
        this.remoteHandshake = remoteHandshake;
        this.out = socket.getOutputStream();
        socket.setSoTimeout(0);
        Thread.ofVirtual().name("hostile-peer-reader").start(this::readLoop);
    }

    /** Dials {@code target}, sends our handshake for {@code infoHash}, reads the answer (bounded). */
    public static HostilePeer connect(InetSocketAddress target, InfoHash infoHash, int pieceCount) {
        return connect(target, infoHash, pieceCount, PeerId.generate(new SplittableRandom()));
    }

    /** As {@link #connect(InetSocketAddress, InfoHash, int)}, under the peer id {@code id}. */
    public static HostilePeer connect(InetSocketAddress target, InfoHash infoHash, int pieceCount, PeerId id) {
        Socket s = new Socket();
        try {
            s.connect(target, (int) HANDSHAKE_TIMEOUT.toMillis());
            s.getOutputStream().write(Handshake.of(infoHash, id, false, false).encode());
            return new HostilePeer(s, infoHash, pieceCount, readHandshake(s, target));
        } catch (IOException | RuntimeException e) {
            closeQuietly(s, e);
            throw new AssertionError("HostilePeer: handshake with " + target + " failed: " + e, e);
        }
    }

    /** A loopback listener; {@link Listener#accept} takes one connection and does the handshake. */
    public static Listener listen(InfoHash infoHash, int pieceCount) {
        try {
            return new Listener(new ServerSocket(0, 4, InetAddress.getLoopbackAddress()), infoHash, pieceCount);
        } catch (IOException e) {
            throw new UncheckedIOException("HostilePeer: cannot listen on loopback", e);
        }
    }

    /** Listening side: the peer under test dials {@link #address()}. */
    public static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        private final InfoHash infoHash;
        private final int pieceCount;

        private Listener(ServerSocket server, InfoHash infoHash, int pieceCount) {
            this.server = server;
            this.infoHash = infoHash;
            this.pieceCount = pieceCount;
        }

        public InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
        }

        /** Accepts one connection within {@code timeout}, reads its handshake, answers with ours. */
        public HostilePeer accept(Duration timeout) {
            Socket s = null;
            try {
                server.setSoTimeout((int) timeout.toMillis());
                s = server.accept();
                Handshake theirs = readHandshake(s, s.getRemoteSocketAddress());
                s.getOutputStream().write(ourHandshake(infoHash).encode());
                return new HostilePeer(s, infoHash, pieceCount, theirs);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("HostilePeer: nobody connected to " + address() + " within " + timeout.toMillis() + " ms", e);
            } catch (IOException | RuntimeException e) {
                closeQuietly(s, e);
                throw new AssertionError("HostilePeer: handshake on " + address() + " failed: " + e, e);
            }
        }

        /** Fails if anybody connects within {@code timeout} (to show that the peer under test does not dial). */
        public void assertNobodyConnectsWithin(Duration timeout) {
            try {
                server.setSoTimeout((int) timeout.toMillis());
                try (Socket s = server.accept()) {
                    throw new AssertionError("HostilePeer: " + s.getRemoteSocketAddress() + " connected to " + address()
                            + " within " + timeout.toMillis() + " ms");
                }
            } catch (SocketTimeoutException expected) {
                // nobody came
            } catch (IOException e) {
                throw new UncheckedIOException("HostilePeer: accept on " + address() + " failed", e);
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException("HostilePeer: cannot close listener", e);
            }
        }
    }

    /** A fresh random peer id per connection: libtorrent drops a second connection with a peer id it already has. */
    private static Handshake ourHandshake(InfoHash infoHash) {
        return Handshake.of(infoHash, PeerId.generate(new SplittableRandom()), false, false);
    }

    private static Handshake readHandshake(Socket s, Object peer) throws IOException {
        s.setSoTimeout((int) HANDSHAKE_TIMEOUT.toMillis());
        byte[] b = s.getInputStream().readNBytes(Handshake.LENGTH);
        if (b.length < Handshake.LENGTH) {
            throw new IOException(peer + " closed the connection after " + b.length + " of " + Handshake.LENGTH + " handshake bytes");
        }
        return Handshake.decode(b);
    }

    private static void closeQuietly(Socket s, Exception cause) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                cause.addSuppressed(e);
            }
        }
    }

    private void readLoop() {
        MessageDecoder decoder = new MessageDecoder(MessageLimits.forTorrent(pieceCount));
        byte[] buffer = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                for (PeerMessage m : decoder.feed(ByteBuffer.wrap(buffer, 0, n))) {
                    received.add(m);
                    if (corruptAnswers && m instanceof PeerMessage.Request r) {
                        answerWithGarbage(r);
                    }
                }
            }
            markClosed("end of stream");
        } catch (WireProtocolException e) {
            markClosed("the other side broke the protocol: " + e.getMessage());
        } catch (IOException e) {
            markClosed(closing ? "closed by us" : "connection error: " + e.getMessage());
        }
    }

    private void markClosed(String reason) {
        if (remoteClosed.getCount() > 0) {
            closeReason = reason;
        }
        remoteClosed.countDown();
    }

    private void answerWithGarbage(PeerMessage.Request r) {
        byte[] garbage = new byte[Math.min(r.length(), MessageLimits.MAX_BLOCK_LENGTH)];
        random.nextBytes(garbage);
        send(new PeerMessage.Piece(r.piece(), r.begin(), garbage));
    }

    /** The other side's handshake. */
    public Handshake remoteHandshake() {
        return remoteHandshake;
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    /** Sends one well-formed message; false when the connection is already broken. */
    public boolean send(PeerMessage m) {
        return sendRaw(MessageEncoder.encode(m));
    }

    /** Sends raw bytes as they are; false when the connection is broken. */
    public boolean sendRaw(byte[] bytes) {
        writeLock.lock();
        try {
            out.write(bytes);
            out.flush();
            return true;
        } catch (IOException e) {
            markClosed("write failed: " + e.getMessage());
            return false;
        } finally {
            writeLock.unlock();
        }
    }

    /** A bitfield claiming every piece (a lying seeder when combined with corrupt answers). */
    public boolean sendBitfieldAll() {
        return send(PeerMessage.Bitfield.of(dev.bittern.wire.Bitfield.full(pieceCount)));
    }

    /**
     * A bitfield with every bit set, including the spare bits after the last piece, which BEP 3
     * says must be cleared ("Spare bits at the end are set to zero"). Only distinguishable from
     * {@link #sendBitfieldAll()} when pieceCount is not a multiple of 8.
     */
    public boolean sendBitfieldWithSpareBits() {
        byte[] bits = new byte[dev.bittern.wire.Bitfield.byteLength(pieceCount)];
        Arrays.fill(bits, (byte) 0xff);
        return send(new PeerMessage.Bitfield(bits));
    }

    /** From now on, every Request received is answered at once with a Piece of random bytes. */
    public void answerRequestsWithCorruptData() {
        corruptAnswers = true;
    }

    /** Unchoke: lets the other side request (needed before corrupt answers are asked for). */
    public boolean sendUnchoke() {
        return send(PeerMessage.Unchoke.INSTANCE);
    }

    /** A length prefix of {@code length} (e.g. Integer.MAX_VALUE) with a piece id and 16 bytes, never completed. */
    public boolean sendOversizedLengthPrefix(int length) {
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 16);
        b.putInt(length).put((byte) 7);
        return sendRaw(b.array());
    }

    /** A request for a piece index past the last piece. */
    public boolean sendRequestOutsideTorrent() {
        return send(new PeerMessage.Request(pieceCount + 5, 0, 16 * 1024));
    }

    /** A piece message nobody asked for. */
    public boolean sendUnrequestedPiece(int piece, int begin, int length) {
        byte[] data = new byte[length];
        random.nextBytes(data);
        return send(new PeerMessage.Piece(piece, begin, data));
    }

    /** {@code count} have messages (cycling over the pieces); stops early when the connection breaks. */
    public int floodHaves(int count) {
        for (int i = 0; i < count; i++) {
            if (!send(new PeerMessage.Have(i % pieceCount))) {
                return i;
            }
        }
        return count;
    }

    /** {@code count} keep-alives in one burst; stops early when the connection breaks. */
    public int floodKeepAlives(int count) {
        for (int i = 0; i < count; i++) {
            if (!send(PeerMessage.KeepAlive.INSTANCE)) {
                return i;
            }
        }
        return count;
    }

    /** Every message received so far, in order. */
    public List<PeerMessage> received() {
        return List.copyOf(received);
    }

    /** Waits for a received message of {@code type} matching {@code condition}; fails naming what did arrive. */
    public <T extends PeerMessage> T awaitMessage(Class<T> type, Predicate<T> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (PeerMessage m : received) {
                if (type.isInstance(m) && condition.test(type.cast(m))) {
                    return type.cast(m);
                }
            }
            if (System.nanoTime() - deadline > 0 || remoteClosed.getCount() == 0) {
                throw new AssertionError("HostilePeer: no " + type.getSimpleName() + " as expected within "
                        + timeout.toMillis() + " ms; connection " + (isClosedByRemote() ? "closed (" + closeReason + ")" : "open")
                        + "; received " + summary());
            }
            pause();
        }
    }

    /**
     * Waits until the connection ended from the other side: closed, reset, or a message stream
     * our decoder rejects ({@link #closeReason()} tells which); fails if it is still open.
     */
    public void awaitClosedByRemote(Duration timeout) {
        try {
            if (!remoteClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("HostilePeer: the other side kept the connection open for "
                        + timeout.toMillis() + " ms; received " + summary());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while awaiting the close", e);
        }
    }

    public boolean isClosedByRemote() {
        return remoteClosed.getCount() == 0;
    }

    /** Why the connection ended ("end of stream", "connection error: Connection reset", ...); empty while open. */
    public String closeReason() {
        return closeReason;
    }

    private String summary() {
        List<PeerMessage> all = received();
        List<PeerMessage> last = all.subList(Math.max(0, all.size() - 10), all.size());
        return all.size() + " messages, last " + last;
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException("HostilePeer: cannot close socket", e);
        }
    }
}
