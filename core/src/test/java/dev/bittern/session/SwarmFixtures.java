package dev.bittern.session;

import dev.bittern.create.ContentScanner;
import dev.bittern.create.PieceHasher;
import dev.bittern.create.TorrentCreator;
import dev.bittern.metainfo.Metainfo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;

/** Random content and torrents for the session tests. */
final class SwarmFixtures {
    private SwarmFixtures() {
    }

    /** Writes {@code size} random bytes to {@code dir/name}. */
    static Path randomFile(Path dir, String name, long size, long seed) throws IOException {
        Files.createDirectories(dir);
        Path f = dir.resolve(name);
        Random r = new Random(seed);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(f)) {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(chunk.length, size - done);
                r.nextBytes(chunk);
                out.write(chunk, 0, n);
                done += n;
            }
        }
        return f;
    }

    /** A torrent of {@code content} with the given piece length, written to {@code torrentFile}. */
    static Metainfo torrent(Path content, int pieceLength, Path torrentFile, List<List<String>> trackers) throws IOException {
        TorrentCreator.Result r = new TorrentCreator(new PieceHasher()).create(ContentScanner.scan(content),
                new TorrentCreator.Options(trackers, OptionalInt.of(pieceLength), false, Optional.empty(),
                        OptionalLong.empty(), TorrentCreator.CREATED_BY), n -> {
                });
        Files.write(torrentFile, r.torrent());
        return r.metainfo();
    }

    static void assertSameBytes(Path expected, Path actual) throws IOException {
        long mismatch = Files.mismatch(expected, actual);
        if (mismatch != -1) {
            throw new AssertionError(actual + " differs from " + expected + " at byte " + mismatch);
        }
    }
}
