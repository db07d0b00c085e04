package dev.bittern.create;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;
import java.util.function.LongConsumer;

/**
 * SHA-1 of every piece of a torrent's concatenated byte space (BEP 3: "pieces" is the
 * concatenation of the 20-byte SHA-1 of each piece; files are laid end to end and pieces
 * cross file boundaries).
 *
 * <p>Why this shape: SHA-1 is the bottleneck (about 1.8 GB/s per core with the SHA-NI
 * intrinsic, {@code -XX:+UseSHA1Intrinsics} is on by default on x86 with SHA extensions),
 * reading from the page cache is several times faster. So each of N workers (N = cores) claims
 * the next chunk of whole pieces (sequential in the byte space), reads it with positional reads
 * into its own reusable direct buffer and hashes the pieces straight from that buffer. There is
 * no reader thread and no hand-off queue: on a 2-core machine a separate reader would take a
 * core away from hashing. The default chunk is one 256 KiB piece: the kernel's copy then stays
 * in the core's L2 cache for SHA-1 to read back, which measured faster than 1-4 MiB chunks
 * (bench/create). Memory is N chunk buffers, independent of the content size. Results are
 * written by piece index, so the output does not depend on which worker finished first.
 */
public final class PieceHasher {
    /** Default bytes read per claim (at least one piece is always read): small enough to stay in L2. */
    public static final int DEFAULT_CHUNK = 256 << 10;
    public static final int HASH_LENGTH = 20;

    private final int threads;
    private final int chunkBytes;

    /** One worker per core, {@link #DEFAULT_CHUNK} chunks. */
    public PieceHasher() {
        this(Runtime.getRuntime().availableProcessors(), DEFAULT_CHUNK);
    }

    public PieceHasher(int threads, int chunkBytes) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkBytes);
        }
        this.threads = threads;
        this.chunkBytes = chunkBytes;
    }

    /**
     * One stretch of the byte space: a file's first {@code length} bytes, or {@code length}
     * zero bytes when {@code path} is null (a BEP 47 padding file, never on disk).
     */
    public record Segment(Path path, long length) {
        public Segment {
            if (length < 0) {
                throw new IllegalArgumentException("negative length " + length + " for " + path);
            }
        }

        public static Segment zeros(long length) {
            return new Segment(null, length);
        }
    }

    /** Receives the hash of one piece; called from worker threads, each index once. */
    @FunctionalInterface
    public interface PieceSink {
        void accept(int piece, byte[] sha1);
    }

    /** Hashes every piece; returns the {@code pieces} string (20 bytes per piece). */
    public byte[] hashAll(List<Segment> segments, int pieceLength, LongConsumer progress) throws IOException {
        long total = totalLength(segments);
        byte[] pieces = new byte[Math.toIntExact(pieceCount(total, pieceLength) * HASH_LENGTH)];
        hash(segments, pieceLength, i -> true, (i, sha1) -> System.arraycopy(sha1, 0, pieces, i * HASH_LENGTH, HASH_LENGTH), progress);
        return pieces;
    }

    /**
     * Hashes the pieces selected by {@code wanted} (others are not read at all) and hands each
     * hash to {@code sink}. {@code progress} receives the running total of bytes hashed, from
     * worker threads.
     *
     * @throws IOException the first read error of any worker, naming the file
     */
    public void hash(List<Segment> segments, int pieceLength, IntPredicate wanted, PieceSink sink,
                     LongConsumer progress) throws IOException {
        if (pieceLength < 1) {
            throw new IllegalArgumentException("piece length must be positive, got " + pieceLength);
        }
        Objects.requireNonNull(sink);
        Objects.requireNonNull(progress);
        Layout layout = new Layout(List.copyOf(segments));
        long count = pieceCount(layout.total, pieceLength);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(layout.total + " bytes in pieces of " + pieceLength + " are too many pieces");
        }
        int piecesPerChunk = Math.max(1, chunkBytes / pieceLength);
        List<int[]> work = workItems((int) count, piecesPerChunk, wanted);
        if (work.isEmpty()) {
            return;
        }
        int workers = Math.min(threads, work.size());
        int bufferBytes = (int) Math.min((long) piecesPerChunk * pieceLength, layout.total);
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "piece-hasher");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    try (Reader reader = new Reader(layout)) {
                        runWorker(reader, work, next, failed, done, pieceLength, bufferBytes, sink, progress);
                    } catch (IOException | RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                    return null;
                }));
            }
            IOException io = null;
            RuntimeException runtime = null;
            for (Future<Void> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException ioe && io == null) {
                        io = ioe;
                    } else if (c instanceof RuntimeException re && runtime == null) {
                        runtime = re;
                    } else if (c instanceof Error err) {
                        throw err;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    throw new IOException("interrupted while hashing", e);
                }
            }
            if (io != null) {
                throw io;
            }
            if (runtime != null) {
                throw runtime;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runWorker(Reader reader, List<int[]> work, AtomicInteger next, AtomicBoolean failed,
                                  AtomicLong done, int pieceLength, int bufferBytes, PieceSink sink,
                                  LongConsumer progress) throws IOException {
        // Direct buffer: FileChannel reads land here without an extra copy through a temporary buffer.
        ByteBuffer buffer = ByteBuffer.allocateDirect(bufferBytes);
        MessageDigest sha1 = sha1();
        long total = reader.layout.total;
        int w;
        while (!failed.get() && (w = next.getAndIncrement()) < work.size()) {
            int first = work.get(w)[0];
            int n = work.get(w)[1];
            long start = (long) first * pieceLength;
            long end = Math.min(total, (long) (first + n) * pieceLength);
            int len = (int) (end - start);
            buffer.clear().limit(len);
            reader.read(start, buffer);
            for (int i = 0; i < n; i++) {
                int from = i * pieceLength;
                int to = Math.min(len, from + pieceLength);
                buffer.limit(to).position(from);
                sha1.update(buffer);
                sink.accept(first + i, sha1.digest());
                progress.accept(done.addAndGet(to - from));
            }
        }
    }

    /** Runs of wanted pieces, cut into chunks of at most {@code perChunk} pieces: {first, count}. */
    private static List<int[]> workItems(int count, int perChunk, IntPredicate wanted) {
        List<int[]> items = new ArrayList<>();
        int i = 0;
        while (i < count) {
            if (!wanted.test(i)) {
                i++;
                continue;
            }
            int first = i;
            while (i < count && i - first < perChunk && wanted.test(i)) {
                i++;
            }
            items.add(new int[] {first, i - first});
        }
        return items;
    }

    static long totalLength(List<Segment> segments) {
        long total = 0;
        for (Segment s : segments) {
            total = Math.addExact(total, s.length());
        }
        return total;
    }

    static long pieceCount(long total, int pieceLength) {
        return total == 0 ? 0 : (total + pieceLength - 1) / pieceLength;
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-1", e);
        }
    }

    /** Segment start offsets for binary search. */
    private static final class Layout {
        final List<Segment> segments;
        final long[] starts;
        final long total;

        Layout(List<Segment> segments) {
            this.segments = segments;
            this.starts = new long[segments.size()];
            long off = 0;
            for (int i = 0; i < segments.size(); i++) {
                starts[i] = off;
                off = Math.addExact(off, segments.get(i).length());
            }
            this.total = off;
        }

        /** Index of the last segment starting at or before {@code offset} with length > 0 there. */
        int segmentAt(long offset) {
            int lo = 0;
            int hi = starts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= offset) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            while (lo < starts.length - 1 && starts[lo] + segments.get(lo).length() <= offset) {
                lo++;
            }
            return lo;
        }
    }

    /** A worker's view of the files: keeps the current file open, positional reads only. */
    private static final class Reader implements AutoCloseable {
        final Layout layout;
        private int openIndex = -1;
        private FileChannel channel;

        Reader(Layout layout) {
            this.layout = layout;
        }

        /** Fills {@code dst} (position..limit) with the bytes starting at {@code offset}. */
        void read(long offset, ByteBuffer dst) throws IOException {
            int s = layout.segmentAt(offset);
            long pos = offset;
            while (dst.hasRemaining()) {
                Segment seg = layout.segments.get(s);
                long inSeg = pos - layout.starts[s];
                long avail = seg.length() - inSeg;
                if (avail <= 0) {
                    s++;
                    continue;
                }
                int n = (int) Math.min(avail, dst.remaining());
                if (seg.path() == null) {
                    for (int k = 0; k < n; k++) {
                        dst.put((byte) 0);
                    }
                } else {
                    FileChannel ch = channel(s);
                    int oldLimit = dst.limit();
                    dst.limit(dst.position() + n);
                    long filePos = inSeg;
                    while (dst.hasRemaining()) {
                        int r;
                        try {
                            r = ch.read(dst, filePos);
                        } catch (IOException e) {
                            throw ContentException.of(seg.path(), e);
                        }
                        if (r < 0) {
                            throw new ContentException(seg.path(), "file is shorter than " + seg.length()
                                    + " bytes (did it change while hashing?)");
                        }
                        filePos += r;
                    }
                    dst.limit(oldLimit);
                }
                pos += n;
                s++;
            }
            dst.flip();
        }

        private FileChannel channel(int index) throws IOException {
            if (openIndex != index) {
                close();
                Path path = layout.segments.get(index).path();
                try {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                } catch (IOException e) {
                    throw ContentException.of(path, e);
                }
                openIndex = index;
            }
            return channel;
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                FileChannel c = channel;
                channel = null;
                openIndex = -1;
                c.close();
            }
        }
    }
}
