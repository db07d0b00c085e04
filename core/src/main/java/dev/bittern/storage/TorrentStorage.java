package dev.bittern.storage;

import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.metainfo.InfoHash;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The torrent's byte space on disk: reads and writes ranges of pieces, splitting them across
 * file boundaries. All data I/O is positional ({@link FileChannel#write(ByteBuffer, long)}), so
 * any number of threads may read and write concurrently without locks; a lock is taken only
 * while a file is first opened and sized.
 *
 * <p>Files are created lazily on the first write and sized sparsely to their full length, so a
 * 4 GiB torrent costs only the blocks actually written. BEP 47 padding files are never created:
 * writes to them are dropped and reads return zeros.
 *
 * <p>Unwanted files ({@link FileSelection}) are never created. A piece that straddles a wanted and
 * an unwanted file still needs all its bytes to be hashed, so the unwanted part goes to one sparse
 * "part file" {@code DIR/.bittern/<infohash>.parts}, addressed by the byte's offset in the torrent
 * (the same idea as libtorrent's partfile, without an index: the filesystem's sparseness is the
 * index). The selection is fixed for the life of the object; selecting a file later means its
 * boundary pieces fail their recheck and are downloaded again, which is correct if wasteful.
 */
public final class TorrentStorage implements Closeable {
    private final StorageLayout layout;
    private final FileSelection selection;
    private final Path partFile;
    private final AtomicReferenceArray<FileChannel> channels;
    private final ReentrantLock[] openLocks;
    private final ReentrantLock partLock = new ReentrantLock();
    /**
     * Serializes {@link #writePiece}; held across the writes. Not {@code synchronized}: a virtual
     * thread (the loop hashing a piece itself when the hash pool's queue is full) parks on it
     * without pinning its carrier.
     */
    private final ReentrantLock pieceWrites = new ReentrantLock();
    /** Writes verified pieces past the page cache; null when pieces are written through it. */
    private final DirectWriter direct;
    private volatile FileChannel partChannel;
    private volatile boolean closed;

    private TorrentStorage(StorageLayout layout, FileSelection selection, Path partFile, DirectWriter.Opener directOpener) {
        this.layout = layout;
        this.direct = directOpener == null ? null : new DirectWriter(layout.fileCount(), directOpener);
        this.selection = selection;
        this.partFile = partFile;
        this.channels = new AtomicReferenceArray<>(layout.fileCount());
        this.openLocks = new ReentrantLock[layout.fileCount()];
        for (int i = 0; i < openLocks.length; i++) {
            openLocks[i] = new ReentrantLock();
        }
    }

    /**
     * Opens the storage of a torrent below {@code downloadDir}. Nothing is created yet.
     *
     * Verified pieces ({@link #writePiece}) are written with direct I/O if {@code directWrites}
     * (see {@link DirectWriter}), else through the page cache.
     *
     * @throws dev.bittern.metainfo.TorrentPaths.UnsafePathException if a file path would leave {@code downloadDir}
     */
    public static TorrentStorage open(InfoHash infoHash, InfoDictionary info, Path downloadDir, FileSelection selection,
                                      boolean directWrites) {
        return open(infoHash, info, downloadDir, selection, directWrites ? DirectWriter.O_DIRECT : null);
    }

    static TorrentStorage open(InfoHash infoHash, InfoDictionary info, Path downloadDir, FileSelection selection,
                               DirectWriter.Opener directOpener) {
        Path dir = downloadDir.toAbsolutePath().normalize();
        StorageLayout layout = new StorageLayout(info, dir);
        return new TorrentStorage(layout, selection, stateDir(dir).resolve(infoHash.hex() + ".parts"), directOpener);
    }

    /** Storage that writes through the page cache. */
    public static TorrentStorage open(InfoHash infoHash, InfoDictionary info, Path downloadDir, FileSelection selection) {
        return open(infoHash, info, downloadDir, selection, false);
    }

    public static TorrentStorage open(InfoHash infoHash, InfoDictionary info, Path downloadDir) {
        return open(infoHash, info, downloadDir, FileSelection.all());
    }

    /** {@code DIR/.bittern}: resume data and the part file live here. */
    public static Path stateDir(Path downloadDir) {
        return downloadDir.toAbsolutePath().normalize().resolve(StorageLayout.STATE_DIR);
    }

    public InfoDictionary info() {
        return layout.info();
    }

    /** Where file {@code index} is stored; null for a padding file. */
    public Path filePath(int index) {
        return layout.path(index);
    }

    /** Whether any byte of {@code piece} belongs to a wanted, non-padding file (worth downloading). */
    public boolean pieceWanted(int piece) {
        for (int f : layout.filesOfPiece(piece)) {
            if (!layout.file(f).padding() && selection.isWanted(f)) {
                return true;
            }
        }
        return false;
    }

    /** Writes {@code data} (all remaining bytes) at {@code begin} within {@code piece}. */
    public void writeBlock(int piece, int begin, ByteBuffer data) throws IOException {
        checkRange(piece, begin, data.remaining());
        ByteBuffer src = data.slice();
        layout.forEachSegment(layout.pieceOffset(piece) + begin, src.remaining(), s -> {
            FileEntry f = layout.file(s.fileIndex());
            if (f.padding()) {
                return;
            }
            ByteBuffer part = src.slice(s.bufferOffset(), s.length());
            if (selection.isWanted(s.fileIndex())) {
                writeFully(fileChannel(s.fileIndex(), true), part, s.fileOffset());
            } else {
                writeFully(partChannel(true), part, s.torrentOffset());
            }
        });
    }

    public void writeBlock(int piece, int begin, byte[] data) throws IOException {
        writeBlock(piece, begin, ByteBuffer.wrap(data));
    }

    /**
     * Writes a whole piece assembled in memory (the first {@code pieceSize(piece)} bytes of
     * {@code data} from index 0; its position and limit are ignored) in writes of at most
     * {@code chunk} bytes through the page cache, or with direct I/O (see {@link DirectWriter}).
     * One piece at a time: the kernel serializes buffered writes to a file on its inode lock anyway,
     * and a second writer waits there by spinning (rwsem optimistic spinning) as long as the first
     * one copies, burning a core that the peers' connections need. Measured with two hash threads on
     * a 2 GiB download: 0.6 CPU-s spinning (docs/benchmarks.md, "Session 4"). Waiting on this lock
     * parks the thread instead.
     */
    public void writePiece(int piece, ByteBuffer data, int chunk) throws IOException {
        int size = layout.info().pieceSize(piece);
        if (data.capacity() < size || chunk <= 0) {
            throw new IllegalArgumentException("piece " + piece + " has " + size + " bytes; got a buffer of "
                    + data.capacity() + " and chunks of " + chunk);
        }
        pieceWrites.lock();
        try {
            if (direct != null && !direct.disabled()) {
                layout.forEachSegment(layout.pieceOffset(piece), size, s -> writeSegment(s, data, chunk));
                return;
            }
            // In chunks: the JDK copies a heap buffer to a temporary direct one per write; a chunk
            // that fits the CPU cache is still there when the kernel copies it into the page cache.
            for (int at = 0; at < size; at += chunk) {
                writeBlock(piece, at, data.slice(at, Math.min(chunk, size - at)));
            }
        } finally {
            pieceWrites.unlock();
        }
    }

    /** One file's part of a piece being written by {@link #writePiece}: directly if possible, else in chunks. */
    private void writeSegment(StorageLayout.Segment s, ByteBuffer data, int chunk) throws IOException {
        if (layout.file(s.fileIndex()).padding()) {
            return;
        }
        if (!selection.isWanted(s.fileIndex())) {
            writeFully(partChannel(true), data.slice(s.bufferOffset(), s.length()), s.torrentOffset());
            return;
        }
        FileChannel ch = fileChannel(s.fileIndex(), true);
        if (direct.write(s.fileIndex(), layout.path(s.fileIndex()), ch, s.fileOffset(), data, s.bufferOffset(), s.length())) {
            return;
        }
        for (int at = 0; at < s.length(); at += chunk) {
            writeFully(ch, data.slice(s.bufferOffset() + at, Math.min(chunk, s.length() - at)), s.fileOffset() + at);
        }
    }

    /** Bytes {@link #writePiece} copied into an aligned buffer to write them directly (tests). */
    long directCopiedBytes() {
        return direct == null ? 0 : direct.copiedBytes();
    }

    /** Whether {@link #writePiece} writes with direct I/O (asked for, and not turned off by a failure). */
    public boolean writesDirectly() {
        return direct != null && !direct.disabled();
    }

    /** Reads {@code length} bytes at {@code begin} within {@code piece}; bytes never written read as zeros. */
    public byte[] readBlock(int piece, int begin, int length) throws IOException {
        checkRange(piece, begin, length);
        byte[] out = new byte[length];
        read(layout.pieceOffset(piece) + begin, ByteBuffer.wrap(out));
        return out;
    }

    /**
     * Fills {@code dst} (all its remaining bytes) from {@code begin} within {@code piece}, without an
     * intermediate array: the uploader reads straight into its (direct) send buffer.
     */
    public void readBlock(int piece, int begin, ByteBuffer dst) throws IOException {
        checkRange(piece, begin, dst.remaining());
        read(layout.pieceOffset(piece) + begin, dst);
    }

    /** Fills {@code dst} (all remaining bytes) from torrent offset {@code offset}; absent bytes read as zeros. */
    void read(long offset, ByteBuffer dst) throws IOException {
        ByteBuffer target = dst.slice();
        layout.forEachSegment(offset, target.remaining(), s -> {
            ByteBuffer part = target.slice(s.bufferOffset(), s.length());
            FileEntry f = layout.file(s.fileIndex());
            if (f.padding()) {
                zero(part);
                return;
            }
            if (selection.isWanted(s.fileIndex())) {
                readFully(fileChannel(s.fileIndex(), false), part, s.fileOffset());
            } else {
                readFully(partChannel(false), part, s.torrentOffset());
            }
        });
        dst.position(dst.limit());
    }

    /**
     * Whether every byte of {@code piece} can be on disk: each wanted file (or the part file) exists
     * and is long enough. False means the piece is certainly missing and need not be read.
     */
    public boolean piecePresent(int piece) throws IOException {
        boolean[] present = {true};
        layout.forEachSegment(layout.pieceOffset(piece), layout.info().pieceSize(piece), s -> {
            if (!present[0] || layout.file(s.fileIndex()).padding()) {
                return;
            }
            boolean wanted = selection.isWanted(s.fileIndex());
            long size = wanted ? size(layout.path(s.fileIndex())) : size(partFile);
            long needed = (wanted ? s.fileOffset() : s.torrentOffset()) + s.length();
            present[0] = size >= needed;
        });
        return present[0];
    }

    /** Size and mtime of every file (padding and unwanted files as they are on disk, usually absent). */
    public List<FileState> fileStates() throws IOException {
        List<FileState> out = new ArrayList<>(layout.fileCount());
        for (int i = 0; i < layout.fileCount(); i++) {
            Path p = layout.path(i);
            out.add(p == null ? FileState.ABSENT : state(p));
        }
        return out;
    }

    /** Creates the wanted zero-length files, which no piece ever writes; called when the torrent completes. */
    public void createEmptyFiles() throws IOException {
        for (int i = 0; i < layout.fileCount(); i++) {
            FileEntry f = layout.file(i);
            if (f.length() == 0 && !f.padding() && selection.isWanted(i)) {
                fileChannel(i, true);
            }
        }
    }

    /** Forces written data to the device, e.g. before resume data claims the pieces are done. */
    public void flush() throws IOException {
        for (int i = 0; i < channels.length(); i++) {
            FileChannel ch = channels.get(i);
            if (ch != null) {
                ch.force(false);
            }
        }
        FileChannel part = partChannel;
        if (part != null) {
            part.force(false);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        IOException first = null;
        // Under the piece-write lock: a piece being written finishes before its channels close.
        pieceWrites.lock();
        try {
            for (int i = 0; i < channels.length(); i++) {
                FileChannel ch = channels.getAndSet(i, null);
                first = closeQuietly(ch, first);
            }
            first = closeQuietly(partChannel, first);
            partChannel = null;
            if (direct != null) {
                first = direct.close(first);
            }
        } finally {
            pieceWrites.unlock();
        }
        if (first != null) {
            throw first;
        }
    }

    /** Closes {@code ch} (if not null); a failure is returned as {@code first} or added to it as suppressed. */
    static IOException closeQuietly(FileChannel ch, IOException first) {
        if (ch == null) {
            return first;
        }
        try {
            ch.close();
        } catch (IOException e) {
            if (first == null) {
                return e;
            }
            first.addSuppressed(e);
        }
        return first;
    }

    private void checkRange(int piece, int begin, int length) {
        InfoDictionary info = layout.info();
        if (piece < 0 || piece >= info.pieceCount()) {
            throw new IllegalArgumentException("piece " + piece + " out of range [0, " + info.pieceCount() + ")");
        }
        int size = info.pieceSize(piece);
        if (begin < 0 || length < 0 || (long) begin + length > size) {
            throw new IllegalArgumentException("block [" + begin + ", " + ((long) begin + length)
                    + ") outside piece " + piece + " of " + size + " bytes");
        }
    }

    /** The channel of file {@code index}; null when {@code create} is false and the file does not exist. */
    private FileChannel fileChannel(int index, boolean create) throws IOException {
        FileChannel ch = channels.get(index);
        if (ch != null) {
            return ch;
        }
        Path path = layout.path(index);
        if (!create && !Files.exists(path)) {
            return null;
        }
        ReentrantLock lock = openLocks[index];
        lock.lock();
        try {
            ch = channels.get(index);
            if (ch == null) {
                ensureOpen();
                ch = openSized(path, layout.file(index).length(), create);
                if (ch != null) {
                    channels.set(index, ch);
                }
            }
            return ch;
        } finally {
            lock.unlock();
        }
    }

    private FileChannel partChannel(boolean create) throws IOException {
        FileChannel ch = partChannel;
        if (ch != null) {
            return ch;
        }
        if (!create && !Files.exists(partFile)) {
            return null;
        }
        partLock.lock();
        try {
            if (partChannel == null) {
                ensureOpen();
                // Not sized: the part file only needs to reach the highest straddling byte written.
                partChannel = openSized(partFile, 0, create);
            }
            return partChannel;
        } finally {
            partLock.unlock();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("storage is closed");
        }
    }

    /**
     * Opens {@code path} read-write, creating it (and its folders) if asked, and extends it sparsely
     * to {@code length} by writing its last byte. Runs under the file's open lock, before the channel
     * is published, so the sizing byte can never overwrite data another thread wrote.
     */
    private static FileChannel openSized(Path path, long length, boolean create) throws IOException {
        FileChannel ch;
        if (create) {
            Files.createDirectories(path.getParent());
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE, StandardOpenOption.SPARSE);
        } else {
            try {
                ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                return null; // deleted between the exists() check and here: reads see zeros
            }
        }
        try {
            if (create && length > 0 && ch.size() < length) {
                writeFully(ch, ByteBuffer.allocate(1), length - 1);
            }
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    static void writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
        long pos = position;
        while (src.hasRemaining()) {
            pos += ch.write(src, pos);
        }
    }

    /** Reads until {@code dst} is full; past end-of-file (or with no file) the rest is zeros. */
    private static void readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
        if (ch == null) {
            zero(dst);
            return;
        }
        long pos = position;
        while (dst.hasRemaining()) {
            int n = ch.read(dst, pos);
            if (n < 0) {
                zero(dst);
                return;
            }
            pos += n;
        }
    }

    private static void zero(ByteBuffer dst) {
        if (dst.hasArray()) {
            java.util.Arrays.fill(dst.array(), dst.arrayOffset() + dst.position(), dst.arrayOffset() + dst.limit(), (byte) 0);
            dst.position(dst.limit());
            return;
        }
        while (dst.hasRemaining()) {
            dst.put((byte) 0);
        }
    }

    private static long size(Path p) throws IOException {
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    private static FileState state(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new FileState(a.size(), a.lastModifiedTime().toMillis());
        } catch (NoSuchFileException e) {
            return FileState.ABSENT;
        }
    }
}
