package dev.bittern.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded pool for SHA-1 work: as many platform threads as cores (hashing is CPU-bound, more
 * threads only add contention), and a bounded queue. When the queue is full the submitting thread
 * hashes the piece itself, which slows the producer down instead of queueing without limit.
 *
 * <p>A piece assembled in memory ({@link PieceBuffers}) is hashed there and written only if it
 * matches ({@link #verifyAndWrite}); any other piece is hashed by streaming it from disk in chunks of
 * {@link #CHUNK} bytes, so memory per hash is constant whatever the piece length.
 *
 * <p>Verified pieces are written by one writer thread, not by the hashing threads: the writes of a
 * torrent are one at a time anyway ({@link TorrentStorage#writePiece}), and a direct write waits for
 * the disk, so a hashing thread that wrote its own piece sat idle behind the other's write instead of
 * hashing the next piece (in a 1 GiB download the two hashing threads waited 1.2-1.4 s for that lock;
 * docs/benchmarks.md, "Session 8"). Pieces waiting for the writer keep their buffers, which bounds
 * its queue by the piece buffers.
 */
public final class HashPool implements AutoCloseable {
    static final int CHUNK = 128 * 1024;
    /** Bytes per write of an assembled piece. */
    static final int WRITE_CHUNK = 64 * 1024;

    private final ThreadPoolExecutor executor;
    /** Writes verified pieces, in the order they were verified; its queue is bounded by the piece buffers. */
    private final ExecutorService writer;
    private final int threads;
    /** KiB of whole-piece buffers ({@link PieceBuffers}) all torrents using this pool may hold together. */
    private final Semaphore bufferBudget;

    /** One thread per core. */
    public HashPool() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public HashPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.bufferBudget = new Semaphore(defaultBufferBudgetKiB(Runtime.getRuntime().maxMemory()));
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(threads * 64),
                r -> {
                    Thread t = new Thread(r, "bittern-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                (task, pool) -> {
                    // Queue full: the submitter hashes itself (back-pressure). Once closed, refuse loudly;
                    // a silently dropped task would leave its future incomplete forever.
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("hash pool is closed");
                    }
                    task.run();
                });
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "bittern-write");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /**
     * The budget, in KiB, of the pieces assembled in memory while they download (shared by every
     * torrent using this pool): an eighth of the heap, at most 64 MiB. With {@code -Xmx64m} that is
     * 8 MiB; pieces beyond it are written to disk block by block and read back to be hashed.
     */
    public Semaphore bufferBudget() {
        return bufferBudget;
    }

    static int defaultBufferBudgetKiB(long maxHeapBytes) {
        return (int) Math.min(64 * 1024, Math.max(0, maxHeapBytes / 8 / 1024));
    }

    /**
     * Hashes the first {@code pieceSize(piece)} bytes of {@code data} from index 0 (the whole piece,
     * assembled in memory; its position and limit are ignored) and, only if the SHA-1 matches, writes
     * them to {@code storage}: corrupt data never
     * reaches the disk, and the piece is written (by the writer thread) before the future says it
     * matches. Completes exceptionally with {@link UncheckedIOException} if the write fails.
     */
    public CompletableFuture<Boolean> verifyAndWrite(TorrentStorage storage, int piece, ByteBuffer data) {
        return CompletableFuture.supplyAsync(() -> {
            MessageDigest md = newSha1();
            // A direct buffer is hashed through a small cached array, 4 KiB at a time (MessageDigestSpi).
            md.update(data.slice(0, storage.info().pieceSize(piece)));
            return storage.info().pieceHashMatches(piece, md.digest());
        }, executor).thenCompose(ok -> !ok ? CompletableFuture.completedFuture(false) : CompletableFuture.supplyAsync(() -> {
            try {
                storage.writePiece(piece, data, WRITE_CHUNK);
            } catch (IOException e) {
                throw new UncheckedIOException("writing verified piece " + piece, e);
            }
            return true;
        }, writer));
    }

    /**
     * Reads piece {@code piece} back from {@code storage} and compares its SHA-1 with the torrent's.
     * Completes exceptionally with {@link UncheckedIOException} if the piece cannot be read.
     */
    public CompletableFuture<Boolean> verify(TorrentStorage storage, int piece) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return storage.info().pieceHashMatches(piece, sha1(storage, piece));
            } catch (IOException e) {
                throw new UncheckedIOException("reading piece " + piece + " to verify it", e);
            }
        }, executor);
    }

    /** The SHA-1 of piece {@code piece} as it is on disk, streamed in bounded chunks. */
    static byte[] sha1(TorrentStorage storage, int piece) throws IOException {
        MessageDigest md = newSha1();
        int size = storage.info().pieceSize(piece);
        long offset = (long) piece * storage.info().pieceLength();
        ByteBuffer buf = ByteBuffer.allocate(Math.min(CHUNK, Math.max(1, size)));
        int done = 0;
        while (done < size) {
            int n = Math.min(buf.capacity(), size - done);
            buf.clear().limit(n);
            storage.read(offset + done, buf);
            buf.flip();
            md.update(buf);
            done += n;
        }
        return md.digest();
    }

    static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-1", e);
        }
    }

    /** Stops accepting work and waits (bounded) for queued hashes, then for their writes, to finish. */
    @Override
    public void close() {
        shutDown(executor);
        shutDown(writer);
    }

    private static void shutDown(ExecutorService pool) {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
