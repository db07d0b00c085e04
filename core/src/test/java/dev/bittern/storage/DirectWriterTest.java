package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.TestTorrents.TestFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verified pieces written with direct I/O through {@link TorrentStorage#writePiece}. */
class DirectWriterTest {
    private static final int PIECE = 64 * 1024;

    @TempDir
    Path dir;

    /** File lengths that put file boundaries (and so unaligned heads and tails) inside pieces. */
    private static List<TestFile> files() {
        return List.of(TestFile.of(TestTorrents.content(5000, 1), "a.bin"),
                TestFile.of(TestTorrents.content(1, 2), "one.bin"),
                TestFile.of(TestTorrents.content(3 * PIECE + 777, 3), "sub", "b.bin"),
                TestFile.of(TestTorrents.content(8192, 4), "aligned.bin"),
                TestFile.of(TestTorrents.content(PIECE / 2 + 13, 5), "c.bin"));
    }

    /** Writes every piece from an aligned direct buffer, as {@link PieceBuffers} hands out. */
    private static void writeAll(TorrentStorage s, Metainfo m, byte[] all) throws IOException {
        writeAll(s, m, all, PieceBuffers.allocateAligned(PIECE));
    }

    private static void writeAll(TorrentStorage s, Metainfo m, byte[] all, ByteBuffer assembled) throws IOException {
        for (int piece = m.info().pieceCount() - 1; piece >= 0; piece--) { // backwards: no write extends a file
            assembled.clear().put(0, all, piece * PIECE, m.info().pieceSize(piece));
            s.writePiece(piece, assembled, 4096 + 17);
        }
    }

    private void assertFilesHold(List<TestFile> files) throws IOException {
        assertThat(Files.readAllBytes(dir.resolve("set/a.bin"))).isEqualTo(files.get(0).content());
        assertThat(Files.readAllBytes(dir.resolve("set/one.bin"))).isEqualTo(files.get(1).content());
        assertThat(Files.readAllBytes(dir.resolve("set/sub/b.bin"))).isEqualTo(files.get(2).content());
        assertThat(Files.readAllBytes(dir.resolve("set/aligned.bin"))).isEqualTo(files.get(3).content());
        assertThat(Files.readAllBytes(dir.resolve("set/c.bin"))).isEqualTo(files.get(4).content());
    }

    private static byte[] concat(List<TestFile> files) {
        return TorrentStorageTest.concat(files.stream().map(TestFile::content).toArray(byte[][]::new));
    }

    @Test
    void piecesWrittenDirectlyAreBitExactAcrossUnalignedFileBoundaries() throws IOException {
        List<TestFile> files = files();
        Metainfo m = TestTorrents.multiFile("set", PIECE, files);
        AtomicInteger opened = new AtomicInteger();
        DirectWriter.Opener counting = path -> {
            opened.incrementAndGet();
            return DirectWriter.O_DIRECT.open(path);
        };
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), counting)) {
            writeAll(s, m, concat(files));
            // Direct I/O really was used (this machine's file system supports it), not the fallback.
            assertThat(s.writesDirectly()).isTrue();
            assertThat(opened.get()).isEqualTo(4); // every file but one.bin, which has no whole aligned block
        }
        assertFilesHold(files);
    }

    @Test
    void readsSeeDirectlyWrittenDataEvenWhereThePageCacheHeldOlderBytes() throws IOException {
        byte[] data = TestTorrents.content(4 * PIECE, 6);
        Metainfo m = TestTorrents.singleFile("movie.mkv", data, PIECE);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), true)) {
            byte[] garbage = TestTorrents.content(PIECE, 7);
            s.writeBlock(1, 0, garbage); // e.g. a piece written block by block that then failed its hash
            assertThat(s.readBlock(1, 0, 16384)).isEqualTo(TestTorrents.slice(garbage, 0, 16384)); // now cached
            s.writePiece(1, ByteBuffer.wrap(TestTorrents.slice(data, PIECE, PIECE)), 65536);
            assertThat(s.writesDirectly()).isTrue();
            assertThat(s.readBlock(1, 0, PIECE)).isEqualTo(TestTorrents.slice(data, PIECE, PIECE));
            s.flush();
        }
        assertThat(TestTorrents.slice(Files.readAllBytes(dir.resolve("movie.mkv")), PIECE, PIECE))
                .isEqualTo(TestTorrents.slice(data, PIECE, PIECE));
    }

    @Test
    void aFileSystemWithoutDirectIoFallsBackToThePageCache() throws IOException {
        List<TestFile> files = files();
        Metainfo m = TestTorrents.multiFile("set", PIECE, files);
        DirectWriter.Opener refusing = path -> {
            throw new IOException("Invalid argument"); // what open(O_DIRECT) says on such a file system
        };
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), refusing)) {
            writeAll(s, m, concat(files));
            assertThat(s.writesDirectly()).isFalse();
        }
        assertFilesHold(files);
    }

    @Test
    void aDirectWriteThatFailsHalfWayIsWrittenAgainThroughThePageCache() throws IOException {
        List<TestFile> files = files();
        Metainfo m = TestTorrents.multiFile("set", PIECE, files);
        DirectWriter.Opener failingLater = path -> {
            FileChannel ch = DirectWriter.O_DIRECT.open(path);
            ch.close(); // opens fine, every write then fails
            return ch;
        };
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), failingLater)) {
            writeAll(s, m, concat(files));
            assertThat(s.writesDirectly()).isFalse();
        }
        assertFilesHold(files);
    }

    @Test
    void unwantedFilesShareOfABoundaryPieceStillGoesToThePartFile() throws IOException {
        List<TestFile> files = files();
        Metainfo m = TestTorrents.multiFile("set", PIECE, files);
        byte[] all = concat(files);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.only(2), true)) {
            writeAll(s, m, all);
            assertThat(Files.exists(dir.resolve("set/a.bin"))).isFalse();
            assertThat(Files.readAllBytes(dir.resolve("set/sub/b.bin"))).isEqualTo(files.get(2).content());
            assertThat(s.readBlock(0, 0, PIECE)).isEqualTo(TestTorrents.slice(all, 0, PIECE)); // a.bin's part: part file
        }
    }

    @Test
    void alignedPieceBuffersAreWrittenInPlaceAndOtherSourcesThroughACopy() throws IOException {
        byte[] data = TestTorrents.content(4 * PIECE + 1000, 8); // a short last piece: an unaligned tail
        Metainfo m = TestTorrents.singleFile("movie.mkv", data, PIECE);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), true)) {
            writeAll(s, m, data);
            assertThat(s.writesDirectly()).isTrue();
            assertThat(s.directCopiedBytes()).as("pieces start on aligned file offsets: nothing is copied").isZero();
        }
        assertThat(Files.readAllBytes(dir.resolve("movie.mkv"))).isEqualTo(data);

        Files.delete(dir.resolve("movie.mkv"));
        ByteBuffer misaligned = ByteBuffer.allocateDirect(PIECE + 1).slice(1, PIECE);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), true)) {
            writeAll(s, m, data, misaligned);
            assertThat(s.writesDirectly()).isTrue();
            assertThat(s.directCopiedBytes()).as("the whole pieces' bytes go through the aligned buffer").isEqualTo(4L * PIECE);
        }
        assertThat(Files.readAllBytes(dir.resolve("movie.mkv"))).isEqualTo(data);

        Files.delete(dir.resolve("movie.mkv"));
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), true)) {
            writeAll(s, m, data, ByteBuffer.allocate(PIECE)); // a heap buffer has no fixed address
            assertThat(s.directCopiedBytes()).isEqualTo(4L * PIECE);
        }
        assertThat(Files.readAllBytes(dir.resolve("movie.mkv"))).isEqualTo(data);
    }
}
