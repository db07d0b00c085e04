package dev.bittern.storage;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whole-piece buffers of one torrent, in which a piece is assembled from its blocks in memory and
 * hashed there, so it is written to disk once (one positional write per piece instead of one per
 * block) and never read back for its SHA-1.
 *
 * <p>The buffers are direct and start on a {@link #ALIGN}-byte boundary, so a verified piece is written
 * with direct I/O straight from its buffer ({@link DirectWriter}). With heap arrays the writer copied
 * every piece into an aligned buffer first: in a 1 GiB download the writer thread's user time fell
 * from 0.24-0.27 to 0.08-0.11 s without that copy (docs/benchmarks.md, "Session 9").
 *
 * <p>Bounded twice: every buffer, in use or kept for reuse, holds permits of the {@code budget}
 * (KiB, shared by all torrents of a client, see {@link HashPool#bufferBudget()}), and at most
 * {@link #KEEP_FREE} released buffers (or {@link #KEEP_FREE_BYTES} of them, if more) are kept.
 * When the budget is used up {@link #acquire()}
 * returns null and the caller falls back to writing blocks straight to disk. Buffers are reused
 * because allocating direct memory is slow (zeroed, and freed only after a garbage collection).
 *
 * <p>Thread-safe. A lock, not {@code synchronized}: {@link #acquire(long, TimeUnit)} waits on a virtual
 * thread (the session loop), which a monitor would pin to its carrier before JDK 24.
 */
public final class PieceBuffers {
    /** Where buffers start: the page size, and the block size of the usual file systems (ext4, xfs). */
    static final int ALIGN = 4096;
    /** Released buffers kept for the next piece at least; more go back to the budget. */
    static final int KEEP_FREE = 4;
    /**
     * Released buffers are kept up to this many bytes (if more than {@link #KEEP_FREE} buffers): the
     * pieces in flight from one fast peer (its request pipeline plus those waiting for the hash pool)
     * vary by more than four, and each buffer beyond the kept ones was allocated afresh, a zeroed
     * humongous array (a fifth of the downloader's allocations in a 1 GiB profile). Kept buffers
     * hold their budget, so memory stays bounded by it.
     */
    static final long KEEP_FREE_BYTES = 16L << 20;

    private final int pieceLength;
    private final int permitsPerBuffer;
    private final Semaphore budget;
    private final int keepFree;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private int inUse;

    /**
     * @param budget permits in KiB; a buffer of {@code pieceLength} bytes takes ceil(pieceLength / 1024)
     */
    public PieceBuffers(int pieceLength, Semaphore budget) {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive, got " + pieceLength);
        }
        this.pieceLength = pieceLength;
        this.permitsPerBuffer = (int) ((pieceLength + 1023L) / 1024);
        this.budget = budget;
        this.keepFree = (int) Math.max(KEEP_FREE, KEEP_FREE_BYTES / pieceLength);
    }

    /**
     * A buffer of the torrent's piece length (its capacity; position 0, limit the capacity), or null
     * when the budget is used up. Its contents are garbage: only absolute puts and gets are used on it.
     */
    public ByteBuffer acquire() {
        lock.lock();
        try {
            return take();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A buffer, waiting up to {@code timeout} for one of this pool's buffers to be released when the
     * budget is used up; null if none came (or the thread was interrupted; its flag is set again).
     */
    public ByteBuffer acquire(long timeout, TimeUnit unit) {
        long left = unit.toNanos(timeout);
        lock.lock();
        try {
            ByteBuffer b = take();
            while (b == null && left > 0) {
                left = released.awaitNanos(left);
                b = take();
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock. */
    private ByteBuffer take() {
        ByteBuffer b = free.poll();
        if (b == null) {
            if (!budget.tryAcquire(permitsPerBuffer)) {
                return null;
            }
            b = allocateAligned(pieceLength);
        }
        inUse++;
        return b.clear();
    }

    /** A direct buffer of {@code size} bytes whose first byte is on an {@link #ALIGN}-byte boundary. */
    static ByteBuffer allocateAligned(int size) {
        ByteBuffer raw = ByteBuffer.allocateDirect(size + ALIGN - 1);
        int misalign = raw.alignmentOffset(0, ALIGN);
        int start = misalign == 0 ? 0 : ALIGN - misalign;
        return raw.slice(start, size);
    }

    /** Gives back a buffer from {@link #acquire()}; its contents are garbage from now on. */
    public void release(ByteBuffer buffer) {
        if (buffer.capacity() != pieceLength || !buffer.isDirect()) {
            throw new IllegalArgumentException("not a buffer of this pool: " + buffer);
        }
        lock.lock();
        try {
            inUse--;
            if (free.size() < keepFree) {
                free.push(buffer);
            } else {
                budget.release(permitsPerBuffer);
            }
            released.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Drops the kept buffers (e.g. once the download is complete), returning their budget. */
    public void trim() {
        lock.lock();
        try {
            budget.release(permitsPerBuffer * free.size());
            free.clear();
        } finally {
            lock.unlock();
        }
    }

    /** Whether a thread is waiting in {@link #acquire(long, TimeUnit)} (tests). */
    boolean waiting() {
        lock.lock();
        try {
            return lock.hasWaiters(released);
        } finally {
            lock.unlock();
        }
    }

    /** How many released buffers are kept at most. */
    int keepFree() {
        return keepFree;
    }

    public int inUse() {
        lock.lock();
        try {
            return inUse;
        } finally {
            lock.unlock();
        }
    }

    /** Buffers in use plus those kept for reuse: what this pool holds of the budget. */
    public int held() {
        lock.lock();
        try {
            return inUse + free.size();
        } finally {
            lock.unlock();
        }
    }
}
