package dev.bittern.metainfo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bittern.bencode.BencodeException;
import dev.bittern.metainfo.TorrentPaths.UnsafePathException;
import java.nio.file.Path;

/**
 * {@link Metainfo#parse} on arbitrary bytes fails only with the two documented exceptions, and
 * every torrent it accepts is safe to put on disk: each file path resolves inside the download
 * folder, files tile the byte space, and the piece count covers the total length.
 */
class MetainfoFuzzTest {
    private static final Path ROOT = Path.of("/tmp/bittern-fuzz-root");

    @FuzzTest(maxDuration = "20s")
    void parseFailsOnlyWithDocumentedExceptionsAndAcceptedPathsStayInside(byte[] data) {
        Metainfo m;
        try {
            m = Metainfo.parse(data);
        } catch (BencodeException | MetainfoException expected) {
            return;
        }
        InfoDictionary info = m.info();
        Path top = info.isMultiFile() ? TorrentPaths.resolve(ROOT, java.util.List.of(info.name())) : ROOT;
        long expectedOffset = 0;
        for (FileEntry f : info.files()) {
            Path p;
            try {
                p = TorrentPaths.resolve(top, f.path());
            } catch (UnsafePathException e) {
                throw new AssertionError("accepted torrent has an unsafe path: " + e.getMessage(), e);
            }
            if (!p.startsWith(ROOT) || p.equals(ROOT)) {
                throw new AssertionError("path " + f.path() + " resolves to " + p + ", outside " + ROOT);
            }
            if (f.offset() != expectedOffset || f.length() < 0) {
                throw new AssertionError("file " + f.displayPath() + " does not follow the previous one");
            }
            expectedOffset = f.end();
        }
        if (info.totalLength() != expectedOffset) {
            throw new AssertionError("total length " + info.totalLength() + " != sum of files " + expectedOffset);
        }
        long pieces = info.pieceCount();
        if (pieces * info.pieceLength() < info.totalLength() || (pieces > 0 && (pieces - 1) * info.pieceLength() >= info.totalLength())) {
            throw new AssertionError(pieces + " pieces of " + info.pieceLength() + " do not cover " + info.totalLength() + " bytes exactly");
        }
        if (m.infoHash() == null) {
            throw new AssertionError("accepted torrent without an info-hash");
        }
    }
}
