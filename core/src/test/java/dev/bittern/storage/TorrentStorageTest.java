package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.metainfo.MetainfoException;
import dev.bittern.metainfo.TorrentPaths;
import dev.bittern.storage.TestTorrents.TestFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentStorageTest {
    @TempDir
    Path dir;

    @Test
    void blocksSpanningFileBoundariesLandInBothFiles() throws IOException {
        byte[] a = TestTorrents.content(10, 1);
        byte[] b = TestTorrents.content(5, 2);
        byte[] c = TestTorrents.content(20, 3);
        Metainfo m = TestTorrents.multiFile("album", 16, List.of(
                TestFile.of(a, "a.bin"), TestFile.of(new byte[0], "empty"), TestFile.of(b, "sub", "b.bin"), TestFile.of(c, "c.bin")));
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            // Piece 0 = a[0..10) + b[0..5) + c[0..1): one write crosses two boundaries and the empty file.
            byte[] piece0 = concat(a, b, TestTorrents.slice(c, 0, 1));
            s.writeBlock(0, 0, piece0);
            byte[] piece1 = TestTorrents.slice(c, 1, 16);
            s.writeBlock(1, 0, piece1);
            s.writeBlock(2, 0, TestTorrents.slice(c, 17, 3));

            assertThat(Files.readAllBytes(dir.resolve("album/a.bin"))).isEqualTo(a);
            assertThat(Files.readAllBytes(dir.resolve("album/sub/b.bin"))).isEqualTo(b);
            assertThat(Files.readAllBytes(dir.resolve("album/c.bin"))).isEqualTo(c);
            // Reads cross the same boundaries back.
            assertThat(s.readBlock(0, 8, 8)).isEqualTo(concat(TestTorrents.slice(a, 8, 2), b, TestTorrents.slice(c, 0, 1)));
            assertThat(Files.exists(dir.resolve("album/empty"))).isFalse();
            s.createEmptyFiles();
            assertThat(Files.size(dir.resolve("album/empty"))).isZero();
        }
    }

    @Test
    void singleFileTorrentIsStoredAsDirSlashNameAndSizedUpFront() throws IOException {
        byte[] data = TestTorrents.content(100, 4);
        Metainfo m = TestTorrents.singleFile("movie.mkv", data, 32);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            s.writeBlock(3, 0, TestTorrents.slice(data, 96, 4));
            Path file = dir.resolve("movie.mkv");
            assertThat(Files.size(file)).isEqualTo(100);
            assertThat(s.readBlock(0, 0, 32)).isEqualTo(new byte[32]);
            assertThat(s.readBlock(3, 0, 4)).isEqualTo(TestTorrents.slice(data, 96, 4));
        }
    }

    @Test
    void piecesWrittenWholeFromManyThreadsAtOnceLandIntact() throws Exception {
        int pieceLength = 64 * 1024;
        byte[] data = TestTorrents.content(20 * pieceLength + 1000, 5); // a short last piece
        Metainfo m = TestTorrents.singleFile("big.bin", data, pieceLength);
        int pieces = m.info().pieceCount();
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir);
             var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
            for (int p = 0; p < pieces; p++) {
                int piece = p;
                byte[] assembled = new byte[pieceLength]; // a whole-piece buffer, longer than the last piece
                System.arraycopy(data, piece * pieceLength, assembled, 0, m.info().pieceSize(piece));
                writes.add(pool.submit(() -> {
                    s.writePiece(piece, ByteBuffer.wrap(assembled), 4096 + 17); // chunks that do not divide the piece
                    return null;
                }));
            }
            for (var w : writes) {
                w.get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
        assertThat(Files.readAllBytes(dir.resolve("big.bin"))).isEqualTo(data);
    }

    @Test
    void piecesWrittenWholeInSmallChunksCrossFileBoundaries() throws IOException {
        byte[] a = TestTorrents.content(10, 7);
        byte[] b = TestTorrents.content(5, 8);
        byte[] c = TestTorrents.content(20, 9);
        byte[] all = concat(a, b, c);
        Metainfo m = TestTorrents.multiFile("album", 16, List.of(
                TestFile.of(a, "a.bin"), TestFile.of(new byte[0], "empty"), TestFile.of(b, "sub", "b.bin"), TestFile.of(c, "c.bin")));
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            for (int piece = 0; piece < m.info().pieceCount(); piece++) {
                byte[] assembled = new byte[16 + 5]; // longer than any piece: only the piece's bytes are written
                java.util.Arrays.fill(assembled, (byte) 0x5A);
                System.arraycopy(all, piece * 16, assembled, 0, m.info().pieceSize(piece));
                s.writePiece(piece, ByteBuffer.wrap(assembled), 3); // chunks that divide neither the pieces nor the file parts
            }
        }
        assertThat(Files.readAllBytes(dir.resolve("album/a.bin"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("album/sub/b.bin"))).isEqualTo(b);
        assertThat(Files.readAllBytes(dir.resolve("album/c.bin"))).isEqualTo(c);
    }

    @Test
    void writePieceRefusesABufferShorterThanThePiece() throws IOException {
        byte[] data = TestTorrents.content(100, 6);
        Metainfo m = TestTorrents.singleFile("short.bin", data, 64);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            assertThatThrownBy(() -> s.writePiece(0, ByteBuffer.allocate(63), 16))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("piece 0 has 64 bytes");
        }
    }

    @Test
    void pathsCannotEscapeTheDownloadFolder() {
        // A hand-built hostile info dictionary: the parser refuses it before storage sees it.
        BDictionary hostile = BDictionary.builder()
                .put("name", "innocent")
                .put("piece length", 16)
                .put("files", BList.of(BDictionary.builder().put("length", 4)
                        .put("path", BList.of(BString.of(".."), BString.of(".."), BString.of("evil"))).build()))
                .put("pieces", new byte[20])
                .build();
        assertThatThrownBy(() -> TestTorrents.parse(hostile))
                .isInstanceOf(MetainfoException.class)
                .hasMessageContaining("info.files[0].path[0]");

        // TorrentPaths itself refuses misuse, whatever the caller passes.
        assertThatThrownBy(() -> TorrentPaths.resolve(dir, List.of("a", "..", "..", "x")))
                .isInstanceOf(TorrentPaths.UnsafePathException.class);
        assertThatThrownBy(() -> TorrentPaths.resolve(dir, List.of("/etc/passwd")))
                .isInstanceOf(TorrentPaths.UnsafePathException.class);
        assertThatThrownBy(() -> TorrentPaths.resolve(dir, List.of()))
                .isInstanceOf(TorrentPaths.UnsafePathException.class);

        // A torrent named like Bittern's state folder could overwrite resume data: refused.
        Metainfo sneaky = TestTorrents.multiFile(".bittern", 16, List.of(TestFile.of(new byte[4], "x.resume")));
        assertThatThrownBy(() -> TorrentStorage.open(sneaky.infoHash(), sneaky.info(), dir))
                .isInstanceOf(TorrentPaths.UnsafePathException.class)
                .hasMessageContaining("state folder");
    }

    @Test
    void everyFileOfAValidTorrentIsCreatedInsideTheDownloadFolder() throws IOException {
        byte[] x = TestTorrents.content(40, 5);
        Metainfo m = TestTorrents.multiFile("root", 16, List.of(TestFile.of(x, "deep", "er", "x.bin")));
        Path downloads = dir.resolve("downloads");
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), downloads)) {
            s.writeBlock(0, 0, TestTorrents.slice(x, 0, 16));
        }
        try (Stream<Path> all = Files.walk(dir)) {
            assertThat(all.filter(Files::isRegularFile).toList())
                    .allSatisfy(p -> assertThat(p.toAbsolutePath().normalize()).startsWith(downloads.toAbsolutePath()))
                    .isNotEmpty();
        }
    }

    @Test
    void paddingFilesAreNeverWritten() throws IOException {
        byte[] a = TestTorrents.content(10, 6);
        byte[] b = TestTorrents.content(16, 7);
        Metainfo m = TestTorrents.multiFile("padded", 16, List.of(
                TestFile.of(a, "a.bin"), TestFile.padding(6, ".pad", "6"), TestFile.of(b, "b.bin")));
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            // A peer may send non-zero bytes where the padding is; they must not reach the disk.
            byte[] piece0 = concat(a, new byte[] {9, 9, 9, 9, 9, 9});
            s.writeBlock(0, 0, piece0);
            s.writeBlock(1, 0, b);
            assertThat(Files.exists(dir.resolve("padded/.pad"))).isFalse();
            assertThat(s.filePath(1)).isNull();
            assertThat(s.readBlock(0, 10, 6)).isEqualTo(new byte[6]);
            assertThat(Files.readAllBytes(dir.resolve("padded/a.bin"))).isEqualTo(a);
            assertThat(s.pieceWanted(0)).isTrue();
        }
    }

    @Test
    void unwantedFilesAreNotCreatedAndTheirShareOfABoundaryPieceGoesToThePartFile() throws IOException {
        byte[] a = TestTorrents.content(10, 8);
        byte[] b = TestTorrents.content(40, 9);
        Metainfo m = TestTorrents.multiFile("pick", 16, List.of(TestFile.of(a, "wanted.bin"), TestFile.of(b, "unwanted.bin")));
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.only(0))) {
            byte[] piece0 = concat(a, TestTorrents.slice(b, 0, 6));
            s.writeBlock(0, 0, piece0);
            assertThat(Files.exists(dir.resolve("pick/unwanted.bin"))).isFalse();
            assertThat(Files.exists(TorrentStorage.stateDir(dir).resolve(m.infoHash().hex() + ".parts"))).isTrue();
            assertThat(s.readBlock(0, 0, 16)).isEqualTo(piece0);
            assertThat(s.pieceWanted(0)).isTrue();
            assertThat(s.pieceWanted(2)).isFalse();
        }
    }

    @Test
    void blocksOutsideThePieceAreRefused() throws IOException {
        Metainfo m = TestTorrents.singleFile("f", new byte[40], 16);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            assertThatThrownBy(() -> s.writeBlock(2, 4, new byte[5])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside piece 2 of 8 bytes");
            assertThatThrownBy(() -> s.readBlock(3, 0, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.writeBlock(-1, 0, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        }
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
