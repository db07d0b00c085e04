package dev.bittern.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Assembles pieces from blocks and decides which pieces are done (BEP 3: the SHA-1 of a piece must
 * match the one in the info dictionary before it is announced with {@code have}).
 *
 * <p>A piece in progress is assembled in a whole-piece buffer from the bounded {@link PieceBuffers}:
 * when its last byte arrives it is hashed from memory on the {@link HashPool} and, only if the hash
 * matches, written to disk in one go; then it is marked done. So the loop that feeds blocks does no
 * disk I/O, nothing is read back, and corrupt data never reaches the disk. When the buffer budget is
 * used up, a piece's blocks go straight to disk as they arrive and the piece is read back to be
 * hashed, so memory stays bounded whatever the torrent. But when the budget is held by pieces waiting
 * for the hash pool, the network is outrunning the CPU (or the disk): a new piece then waits, up to
 * {@link #BUFFER_WAIT}, for one of those buffers instead, which slows the caller (and through it
 * the peers, by TCP flow control) rather than adding a write through the page cache and a read back
 * to the work that is already behind. A failed piece's progress is dropped, so it can be downloaded
 * (and overwritten) again.
 *
 * <p>Thread-safe: block writes from many peer threads may run concurrently. A piece is never hashed
 * while one of its blocks is still being written, and no block is written into a piece that is
 * being hashed or is done, so a verified piece's bytes on disk never change.
 *
 * @param <P> how the engine identifies a peer (any type with equals/hashCode)
 */
public final class PieceStore<P> {
    /**
     * How long a new piece waits for a buffer held by a piece being hashed and written: a 1 MiB piece
     * takes about 1 ms to hash here and a few more to write, so this only runs out when the disk stalls.
     */
    static final Duration BUFFER_WAIT = Duration.ofMillis(200);

    private final TorrentStorage storage;
    private final HashPool hashPool;
    private final int pieceCount;
    private final BitSet verified;
    private final Map<Integer, Progress<P>> inProgress = new ConcurrentHashMap<>();
    private final PieceBuffers buffers;
    private final long bufferWaitNanos;
    /** Pieces whose assembled buffer is with the hash pool (hashed, then written): each gives it back soon. */
    private final AtomicInteger hashingInMemory = new AtomicInteger();

    /** Pieces are assembled in memory within the hash pool's {@link HashPool#bufferBudget()}. */
    public PieceStore(TorrentStorage storage, HashPool hashPool) {
        this(storage, hashPool, new PieceBuffers(storage.info().pieceLength(), hashPool.bufferBudget()));
    }

    public PieceStore(TorrentStorage storage, HashPool hashPool, PieceBuffers buffers) {
        this(storage, hashPool, buffers, BUFFER_WAIT);
    }

    /** With another wait for a buffer held by a piece being hashed (tests). */
    PieceStore(TorrentStorage storage, HashPool hashPool, PieceBuffers buffers, Duration bufferWait) {
        this.storage = storage;
        this.hashPool = hashPool;
        this.pieceCount = storage.info().pieceCount();
        this.verified = new BitSet(pieceCount);
        this.buffers = buffers;
        this.bufferWaitNanos = bufferWait.toNanos();
    }

    /** The whole-piece buffers (for tests and status: how many pieces are assembled in memory). */
    public PieceBuffers buffers() {
        return buffers;
    }

    public TorrentStorage storage() {
        return storage;
    }

    /**
     * Writes a block received from {@code peer}. Ranges must lie inside the piece
     * ({@link IllegalArgumentException} otherwise: the engine checks blocks against its requests).
     */
    public BlockWrite<P> writeBlock(P peer, int piece, int begin, ByteBuffer data) throws IOException {
        int length = data.remaining();
        int size = checkBlock(piece, begin, length);
        if (isVerified(piece)) {
            return new BlockWrite.Ignored<>("piece " + piece + " is already verified");
        }
        Progress<P> progress = inProgress.get(piece);
        if (progress == null) {
            // The buffer is found outside the map's lock: finding it may wait for a hash to finish.
            Progress<P> fresh = new Progress<>(size, newBuffer());
            progress = inProgress.putIfAbsent(piece, fresh);
            if (progress == null) {
                progress = fresh;
            } else if (fresh.buffer != null) {
                buffers.release(fresh.buffer);
            }
        }
        ByteBuffer target;
        synchronized (progress) {
            // Re-checked under the progress lock: a piece verified (and its progress removed) since the
            // check above must not be written to again.
            if (isVerified(piece)) {
                retire(piece, progress); // may have been created just now by this call
                return new BlockWrite.Ignored<>("piece " + piece + " is already verified");
            }
            if (progress.closed) {
                return new BlockWrite.Ignored<>("piece " + piece + " is being verified");
            }
            progress.writers++;
            target = progress.buffer; // stays this piece's until the last writer is gone and it is hashed
        }
        boolean written = false;
        try {
            if (target != null) {
                target.put(begin, data, data.position(), length); // absolute: concurrent writers of other ranges are fine
            } else {
                storage.writeBlock(piece, begin, data);
            }
            written = true;
        } finally {
            synchronized (progress) {
                progress.writers--;
                if (written) {
                    progress.add(begin, begin + length, peer);
                } else {
                    // Unknown bytes may be on disk now: the piece starts over once no writer is left.
                    progress.broken = true;
                    discardIfBroken(piece, progress);
                }
            }
        }
        synchronized (progress) {
            if (discardIfBroken(piece, progress)) {
                return new BlockWrite.Ignored<>("an earlier write of piece " + piece + " failed; the piece starts over");
            }
            // Whoever sees the piece complete with no writer left starts the hash, exactly once.
            if (progress.closed || progress.writers > 0 || !progress.complete()) {
                return new BlockWrite.Stored<>();
            }
            progress.closed = true;
        }
        return new BlockWrite.PieceComplete<>(piece, verify(piece, progress));
    }

    /** A whole-piece buffer, or null: the piece's blocks go to disk (see the class comment). */
    private ByteBuffer newBuffer() {
        ByteBuffer b = buffers.acquire();
        if (b == null && hashingInMemory.get() > 0) {
            b = buffers.acquire(bufferWaitNanos, TimeUnit.NANOSECONDS);
        }
        return b;
    }

    public BlockWrite<P> writeBlock(P peer, int piece, int begin, byte[] data) throws IOException {
        return writeBlock(peer, piece, begin, ByteBuffer.wrap(data));
    }

    /**
     * Reads a block of a verified piece, for uploading. Unverified data is never served.
     *
     * @throws IllegalStateException if the piece is not verified
     */
    public byte[] readBlock(int piece, int begin, int length) throws IOException {
        checkBlock(piece, begin, length);
        if (!isVerified(piece)) {
            throw new IllegalStateException("piece " + piece + " is not verified; refusing to serve it");
        }
        return storage.readBlock(piece, begin, length);
    }

    /**
     * Reads a block of a verified piece into {@code dst} (its remaining bytes are the block's length),
     * for uploading without a per-block array.
     *
     * @throws IllegalStateException if the piece is not verified
     */
    public void readBlock(int piece, int begin, ByteBuffer dst) throws IOException {
        checkBlock(piece, begin, dst.remaining());
        if (!isVerified(piece)) {
            throw new IllegalStateException("piece " + piece + " is not verified; refusing to serve it");
        }
        storage.readBlock(piece, begin, dst);
    }

    /** Caller holds the progress lock. */
    private boolean discardIfBroken(int piece, Progress<P> progress) {
        if (progress.broken && !progress.closed && progress.writers == 0) {
            progress.closed = true;
            retire(piece, progress);
            return true;
        }
        return false;
    }

    /**
     * Forgets a piece's progress and returns its buffer to the pool, once: only when no writer and no
     * hash uses the buffer any more (the progress is closed with no writer left, or was never used).
     */
    private void retire(int piece, Progress<P> progress) {
        inProgress.remove(piece, progress);
        ByteBuffer b;
        synchronized (progress) {
            b = progress.buffer;
            progress.buffer = null;
        }
        if (b != null) {
            buffers.release(b);
        }
    }

    private CompletableFuture<PieceResult<P>> verify(int piece, Progress<P> progress) {
        ByteBuffer assembled;
        synchronized (progress) {
            assembled = progress.buffer;
        }
        if (assembled == null) {
            return hashPool.verify(storage, piece).handle((ok, error) -> checked(piece, progress, ok, error));
        }
        hashingInMemory.incrementAndGet();
        return hashPool.verifyAndWrite(storage, piece, assembled).handle((ok, error) -> {
            try {
                return checked(piece, progress, ok, error);
            } finally {
                hashingInMemory.decrementAndGet(); // after the buffer went back: a waiting piece can take it
            }
        });
    }

    private PieceResult<P> checked(int piece, Progress<P> progress, Boolean ok, Throwable error) {
        if (error != null) {
            retire(piece, progress);
            throw error instanceof RuntimeException r ? r : new IllegalStateException(error);
        }
        if (ok) {
            markVerified(piece);
            retire(piece, progress);
            if (isComplete()) {
                buffers.trim();
                try {
                    storage.createEmptyFiles(); // zero-length files are part of the download but in no piece
                } catch (IOException e) {
                    throw new UncheckedIOException("creating the torrent's empty files", e);
                }
            }
            return new PieceResult.PieceVerified<>(piece);
        }
        retire(piece, progress);
        return new PieceResult.PieceFailed<>(piece, progress.contributors);
    }

    public synchronized boolean isVerified(int piece) {
        return verified.get(piece);
    }

    /** A copy of the verified pieces. */
    public synchronized BitSet verifiedPieces() {
        return (BitSet) verified.clone();
    }

    public synchronized int verifiedCount() {
        return verified.cardinality();
    }

    public synchronized boolean isComplete() {
        return verified.cardinality() == pieceCount;
    }

    /**
     * Marks pieces done without hashing them, for resume data that {@link ResumeData#validate} trusted.
     * Indices outside the torrent are ignored.
     */
    public synchronized void restoreVerified(BitSet pieces) {
        BitSet b = (BitSet) pieces.clone();
        if (b.length() > pieceCount) {
            b.clear(pieceCount, b.length());
        }
        verified.or(b);
    }

    private synchronized void markVerified(int piece) {
        verified.set(piece);
    }

    /** Snapshot for {@link ResumeFile#save}: verified pieces and the files as they are now. */
    public ResumeData resumeData(dev.bittern.metainfo.InfoHash infoHash) throws IOException {
        return new ResumeData(infoHash, pieceCount, verifiedPieces(), storage.fileStates());
    }

    /**
     * Snapshot of {@code verified} (taken by the caller BEFORE it forced the data to disk, so pieces
     * verified during the flush are not claimed) and the files as they are now.
     */
    public ResumeData resumeData(dev.bittern.metainfo.InfoHash infoHash, BitSet verified) throws IOException {
        return new ResumeData(infoHash, pieceCount, verified, storage.fileStates());
    }

    /** Progress of {@link #checkExisting}: called from hashing threads, {@code checked} rises to {@code total}. */
    @FunctionalInterface
    public interface CheckProgress {
        void onProgress(int checked, int total);
    }

    /**
     * Hashes the {@code candidates} that are on disk (a seed's folder, or pieces the resume data could
     * not vouch for) and marks those that match as verified. A piece whose file is missing or too
     * short is counted missing without reading. At most two hashes per pool thread are in flight, each
     * streaming in bounded chunks, so memory stays constant. Blocks until done; call it before
     * downloading starts.
     *
     * @return the pieces found good by this check
     */
    public BitSet checkExisting(BitSet candidates, CheckProgress progress) throws IOException {
        BitSet todo = (BitSet) candidates.clone();
        if (todo.length() > pieceCount) {
            todo.clear(pieceCount, todo.length());
        }
        int total = todo.cardinality();
        AtomicInteger checked = new AtomicInteger();
        BitSet found = new BitSet(pieceCount);
        Semaphore inFlight = new Semaphore(2 * hashPool.threads());
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        for (int i = todo.nextSetBit(0); i >= 0; i = todo.nextSetBit(i + 1)) {
            int piece = i;
            if (failure.get() != null) {
                break;
            }
            if (isVerified(piece) || !storage.piecePresent(piece)) {
                progress.onProgress(checked.incrementAndGet(), total);
                continue;
            }
            inFlight.acquireUninterruptibly();
            pending.add(hashPool.verify(storage, piece).handle((ok, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                } else if (ok) {
                    markVerified(piece);
                    synchronized (found) {
                        found.set(piece);
                    }
                }
                inFlight.release();
                progress.onProgress(checked.incrementAndGet(), total);
                return null;
            }));
            pending.removeIf(CompletableFuture::isDone); // errors are kept in failure, not in the futures
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        Throwable error = failure.get();
        if (error != null) {
            Throwable cause = error instanceof CompletionException ce && ce.getCause() != null ? ce.getCause() : error;
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            throw new IllegalStateException("rechecking failed", cause);
        }
        if (isComplete()) {
            storage.createEmptyFiles();
        }
        synchronized (found) {
            return (BitSet) found.clone();
        }
    }

    /** Every piece of the torrent, for a full recheck. */
    public BitSet allPieces() {
        BitSet all = new BitSet(pieceCount);
        all.set(0, pieceCount);
        return all;
    }

    private int checkBlock(int piece, int begin, int length) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IllegalArgumentException("piece " + piece + " out of range [0, " + pieceCount + ")");
        }
        int size = storage.info().pieceSize(piece);
        if (begin < 0 || length <= 0 || (long) begin + length > size) {
            throw new IllegalArgumentException("block [" + begin + ", " + ((long) begin + length)
                    + ") outside piece " + piece + " of " + size + " bytes");
        }
        return size;
    }

    /** A piece being downloaded: which byte ranges are on disk and who sent them. Guarded by itself. */
    private static final class Progress<P> {
        private final int size;
        /** The piece assembled in memory, or null: its blocks are on disk. Nulled when returned to the pool. */
        private ByteBuffer buffer;
        /** Disjoint, non-adjacent received ranges: start -> end. */
        private final TreeMap<Integer, Integer> ranges = new TreeMap<>();
        private final Set<P> contributors = new LinkedHashSet<>();
        private int writers;
        private boolean closed;
        private boolean broken;

        Progress(int size, ByteBuffer buffer) {
            this.size = size;
            this.buffer = buffer;
        }

        void add(int start, int end, P peer) {
            contributors.add(peer);
            int s = start;
            int e = end;
            Map.Entry<Integer, Integer> before = ranges.floorEntry(s);
            if (before != null && before.getValue() >= s) {
                s = before.getKey();
                e = Math.max(e, before.getValue());
            }
            Map.Entry<Integer, Integer> next = ranges.ceilingEntry(s);
            while (next != null && next.getKey() <= e) {
                e = Math.max(e, next.getValue());
                ranges.remove(next.getKey());
                next = ranges.ceilingEntry(s);
            }
            ranges.put(s, e);
        }

        boolean complete() {
            Map.Entry<Integer, Integer> first = ranges.firstEntry();
            return first != null && first.getKey() == 0 && first.getValue() >= size;
        }
    }
}
