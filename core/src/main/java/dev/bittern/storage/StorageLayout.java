package dev.bittern.storage;

import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.metainfo.TorrentPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each file of a torrent lives below the download folder, and which files hold a range of
 * the torrent's concatenated byte space (BEP 3: pieces run across file boundaries).
 * Single-file torrents are stored as DIR/name, multi-file torrents as DIR/name/path...; every
 * path goes through {@link TorrentPaths#resolve} so a hostile torrent cannot escape DIR.
 */
final class StorageLayout {
    /** Bittern's own state folder inside the download folder (resume data, part file). */
    static final String STATE_DIR = ".bittern";

    private final InfoDictionary info;
    private final List<FileEntry> files;
    private final long[] starts;
    private final Path[] paths;

    StorageLayout(InfoDictionary info, Path downloadDir) {
        this.info = info;
        this.files = info.files();
        this.starts = new long[files.size()];
        this.paths = new Path[files.size()];
        // The torrent could otherwise place its files into our state folder and overwrite resume data.
        if (info.name().toLowerCase(Locale.ROOT).equals(STATE_DIR)) {
            throw new TorrentPaths.UnsafePathException(info.name(), "collides with Bittern's state folder " + STATE_DIR);
        }
        for (int i = 0; i < files.size(); i++) {
            FileEntry f = files.get(i);
            starts[i] = f.offset();
            if (f.padding()) {
                continue; // BEP 47: padding files are never created, so their paths are never resolved
            }
            List<String> components = new ArrayList<>();
            components.add(info.name());
            if (info.isMultiFile()) {
                components.addAll(f.path());
            }
            paths[i] = TorrentPaths.resolve(downloadDir, components);
        }
    }

    InfoDictionary info() {
        return info;
    }

    int fileCount() {
        return files.size();
    }

    FileEntry file(int index) {
        return files.get(index);
    }

    /** The on-disk path of file {@code index}; null for a padding file. */
    Path path(int index) {
        return paths[index];
    }

    long pieceOffset(int piece) {
        return (long) piece * info.pieceLength();
    }

    /** One contiguous part of a range that lies in a single file. */
    record Segment(int fileIndex, long fileOffset, long torrentOffset, int bufferOffset, int length) {
    }

    /** Calls {@code visitor} for each file part of [offset, offset + length), in order; zero-length files are skipped. */
    <E extends Exception> void forEachSegment(long offset, int length, SegmentVisitor<E> visitor) throws E {
        if (offset < 0 || length < 0 || offset + length > info.totalLength()) {
            throw new IllegalArgumentException("range [" + offset + ", " + (offset + length)
                    + ") is outside the torrent's " + info.totalLength() + " bytes");
        }
        int idx = firstFileAt(offset);
        long pos = offset;
        int done = 0;
        while (done < length) {
            FileEntry f = files.get(idx);
            if (f.end() <= pos) {
                idx++;
                continue;
            }
            int n = (int) Math.min(length - done, f.end() - pos);
            visitor.visit(new Segment(idx, pos - f.offset(), pos, done, n));
            done += n;
            pos += n;
            idx++;
        }
    }

    /** Index of the last file starting at or before {@code offset} (binary search; files are sorted by offset). */
    private int firstFileAt(long offset) {
        int lo = 0;
        int hi = starts.length; // first index with start > offset
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Math.max(0, lo - 1);
    }

    /** Files overlapping piece {@code piece}, as indices; zero-length files are not included. */
    List<Integer> filesOfPiece(int piece) {
        List<Integer> out = new ArrayList<>(2);
        forEachSegment(pieceOffset(piece), info.pieceSize(piece), s -> out.add(s.fileIndex()));
        return out;
    }

    @FunctionalInterface
    interface SegmentVisitor<E extends Exception> {
        void visit(Segment segment) throws E;
    }
}
