package dev.bittern.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes verified pieces with direct I/O ({@code O_DIRECT}), past the page cache, so a download does
 * not fill the page cache with gigabytes that nobody reads soon (evicting what the machine's other
 * programs use) and its cost does not depend on how cheap fresh page-cache pages happen to be. On
 * the benchmark machine (a VM whose fresh pages are expensive) a 4 GiB download took 9.7-11.5 s and
 * 3.2-3.5 s of system CPU this way against 13.2-16.5 s and 10.6-12.0 s through the page cache
 * (docs/benchmarks.md, "Session 7"). libtorrent 1.x offered the same as {@code disable_os_cache}.
 *
 * <p>Only whole blocks of the file system's block size are written directly (the JDK requires the
 * buffer address, file position and length to be multiples of {@link java.nio.file.FileStore#getBlockSize()});
 * the unaligned head and tail of a range, e.g. at a file boundary inside a piece, go through the
 * page cache. The kernel keeps the two coherent: a direct write first writes back and afterwards
 * drops cached pages of its range. Durability is unchanged: {@link TorrentStorage#flush()} forces
 * the file, and {@code fdatasync} covers the file's blocks however they were written.
 *
 * <p>Where direct I/O is refused (a file system without it, such as some FUSE or network ones, or an
 * unexpected alignment), the first failure turns it off for this storage and every write goes
 * through the page cache, as it would with {@code --buffered-writes}; the failed range is then
 * written again that way, so nothing is lost. Not thread-safe: {@link TorrentStorage} calls it
 * under its piece-write lock.
 */
final class DirectWriter {
    private static final Logger LOG = Logger.getLogger(DirectWriter.class.getName());
    /** Bytes per direct write: 1 MiB measured faster than 256 KiB (docs/benchmarks.md, "Session 6"). */
    static final int CHUNK = 1 << 20;
    /** Largest block size we align to; a file store reporting more is not written directly. */
    private static final int MAX_ALIGN = 64 << 10;

    /** Opens a file for direct writing; a seam so tests can make direct I/O fail. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    static final Opener O_DIRECT = path -> FileChannel.open(path, StandardOpenOption.WRITE,
            com.sun.nio.file.ExtendedOpenOption.DIRECT);

    private final Opener opener;
    private final FileChannel[] channels;
    /** Null until a source needs copying. */
    private ByteBuffer buffer;
    private int align;
    /** Bytes that went through {@link #buffer} (tests: aligned piece buffers are written in place). */
    private long copied;
    private boolean disabled;

    DirectWriter(int fileCount, Opener opener) {
        this.opener = opener;
        this.channels = new FileChannel[fileCount];
    }

    /**
     * Writes {@code length} bytes of {@code data} from index {@code dataOffset} at {@code fileOffset} of
     * file {@code index} ({@code path}), its aligned middle directly and the rest through {@code buffered}
     * (the file's ordinary channel). The middle goes straight from {@code data} when that is a direct
     * buffer whose bytes there are aligned too (a {@link PieceBuffers} buffer, whose piece starts on an
     * aligned file offset), else it is copied through this writer's aligned buffer. Returns false when
     * direct I/O is unavailable or a direct write failed (part of the range may be written); the caller
     * then writes the whole range through the page cache.
     */
    boolean write(int index, Path path, FileChannel buffered, long fileOffset, ByteBuffer data, int dataOffset, int length)
            throws IOException {
        if (disabled) {
            return false;
        }
        try {
            if (!aligned(path)) {
                return false;
            }
        } catch (IOException | UnsupportedOperationException e) {
            disable(path, e);
            return false;
        }
        long end = fileOffset + length;
        long from = (fileOffset + align - 1) / align * align;
        long to = end / align * align;
        if (to <= from) { // not one whole block to write directly
            TorrentStorage.writeFully(buffered, data.slice(dataOffset, length), fileOffset);
            return true;
        }
        int middle = dataOffset + (int) (from - fileOffset);
        boolean inPlace = data.isDirect() && data.alignmentOffset(middle, align) == 0;
        try {
            FileChannel direct = channel(index, path);
            for (long at = from; at < to; ) {
                int n = (int) Math.min(to - at, CHUNK);
                int src = dataOffset + (int) (at - fileOffset);
                ByteBuffer out;
                if (inPlace) {
                    out = data.slice(src, n);
                } else {
                    out = copyBuffer().clear().put(0, data, src, n).limit(n);
                    copied += n;
                }
                TorrentStorage.writeFully(direct, out, at);
                at += n;
            }
        } catch (IOException | UnsupportedOperationException e) {
            disable(path, e);
            return false;
        }
        if (from > fileOffset) {
            TorrentStorage.writeFully(buffered, data.slice(dataOffset, (int) (from - fileOffset)), fileOffset);
        }
        if (end > to) {
            TorrentStorage.writeFully(buffered, data.slice(dataOffset + (int) (to - fileOffset), (int) (end - to)), to);
        }
        return true;
    }

    long copiedBytes() {
        return copied;
    }

    /** Whether a direct write failed or could not start, so that everything goes through the page cache. */
    boolean disabled() {
        return disabled;
    }

    /** Learns the alignment (once, from the first file's store); false if it does not suit direct I/O. */
    private boolean aligned(Path path) throws IOException {
        if (align == 0) {
            long blockSize = Files.getFileStore(path).getBlockSize();
            if (blockSize <= 0 || blockSize > MAX_ALIGN || Long.bitCount(blockSize) != 1) {
                disable(path, new IOException("file store block size " + blockSize));
                return false;
            }
            align = (int) blockSize;
        }
        return true;
    }

    /** The aligned buffer that sources which are not aligned direct buffers are copied through; made on first use. */
    private ByteBuffer copyBuffer() {
        if (buffer == null) {
            buffer = ByteBuffer.allocateDirect(CHUNK + align).alignedSlice(align).limit(CHUNK).slice();
        }
        return buffer;
    }

    private FileChannel channel(int index, Path path) throws IOException {
        FileChannel ch = channels[index];
        if (ch == null) {
            ch = opener.open(path);
            channels[index] = ch;
        }
        return ch;
    }

    private void disable(Path path, Exception cause) {
        disabled = true;
        LOG.log(Level.INFO, "direct I/O is not available for " + path + " (" + cause
                + "); writing through the page cache");
    }

    /** Closes the direct channels; failures are returned as {@code first} or added to it as suppressed. */
    IOException close(IOException first) {
        IOException out = first;
        for (int i = 0; i < channels.length; i++) {
            out = TorrentStorage.closeQuietly(channels[i], out);
            channels[i] = null;
        }
        return out;
    }
}
