package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.TestTorrents.TestFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeFileTest {
    private static final int PIECE = 1024;

    @TempDir
    Path dir;

    private final HashPool pool = new HashPool(2);
    private final byte[] a = TestTorrents.content(3 * PIECE - 100, 1);
    private final byte[] b = TestTorrents.content(2 * PIECE + 110, 2);
    private final Metainfo torrent = TestTorrents.multiFile("t", PIECE, List.of(TestFile.of(a, "a"), TestFile.of(b, "b")));

    @AfterEach
    void closePool() {
        pool.close();
    }

    /** Downloads pieces 0, 1 and 4 (touching both files) and saves resume data, like a session that then stops. */
    private void downloadSomeAndSave() throws Exception {
        try (TorrentStorage s = TorrentStorage.open(torrent.infoHash(), torrent.info(), dir)) {
            PieceStore<String> store = new PieceStore<>(s, pool);
            byte[] all = TorrentStorageTest.concat(a, b);
            for (int piece : new int[] {0, 1, 4}) {
                int size = torrent.info().pieceSize(piece);
                BlockWrite<String> w = store.writeBlock("p", piece, 0, TestTorrents.slice(all, (long) piece * PIECE, size));
                ((BlockWrite.PieceComplete<String>) w).result().get(10, TimeUnit.SECONDS);
            }
            s.flush();
            ResumeFile.save(dir, store.resumeData(torrent.infoHash()));
        }
    }

    private static BitSet bits(int... indices) {
        BitSet b = new BitSet();
        Arrays.stream(indices).forEach(b::set);
        return b;
    }

    @Test
    void resumeDataSurvivesRestart() throws Exception {
        downloadSomeAndSave();
        try (TorrentStorage s = TorrentStorage.open(torrent.infoHash(), torrent.info(), dir)) {
            ResumeLoad load = ResumeFile.load(dir, torrent.infoHash(), torrent.info(), s.fileStates());
            assertThat(load).isInstanceOf(ResumeLoad.Trusted.class);
            assertThat(load.verified()).isEqualTo(bits(0, 1, 4));
            assertThat(load.toRecheck().isEmpty()).isTrue();
            PieceStore<String> store = new PieceStore<>(s, pool);
            store.restoreVerified(load.verified());
            assertThat(store.readBlock(4, 0, 10)).isEqualTo(TestTorrents.slice(b, PIECE + 100, 10));
        }
    }

    @Test
    void filesChangedWhileStoppedAreRecheckedNotTrusted() throws Exception {
        downloadSomeAndSave();
        Path fileB = dir.resolve("t/b");
        byte[] tampered = Files.readAllBytes(fileB);
        tampered[PIECE + 200] ^= 1; // in piece 4
        Files.write(fileB, tampered);
        Files.setLastModifiedTime(fileB, FileTime.fromMillis(Files.getLastModifiedTime(fileB).toMillis() + 5000));
        try (TorrentStorage s = TorrentStorage.open(torrent.infoHash(), torrent.info(), dir)) {
            ResumeLoad load = ResumeFile.load(dir, torrent.infoHash(), torrent.info(), s.fileStates());
            assertThat(load).isInstanceOfSatisfying(ResumeLoad.Trusted.class,
                    t -> assertThat(t.changedFiles()).containsExactly("b"));
            // Piece 2 spans a's end and b's start, so it is rechecked with b's pieces 3 and 4.
            assertThat(load.verified()).isEqualTo(bits(0, 1));
            assertThat(load.toRecheck()).isEqualTo(bits(2, 3, 4, 5));
            PieceStore<String> store = new PieceStore<>(s, pool);
            store.restoreVerified(load.verified());
            store.checkExisting(load.toRecheck(), (c, t) -> { });
            assertThat(store.verifiedPieces()).as("the tampered piece 4 is not done").isEqualTo(bits(0, 1));
        }
    }

    @Test
    void truncatedResumeFileIsIgnoredAndRecheckRuns() throws Exception {
        downloadSomeAndSave();
        Path file = ResumeFile.path(dir, torrent.infoHash());
        byte[] full = Files.readAllBytes(file);
        for (int cut : new int[] {0, 1, full.length / 2, full.length - 1}) {
            Files.write(file, Arrays.copyOf(full, cut));
            try (TorrentStorage s = TorrentStorage.open(torrent.infoHash(), torrent.info(), dir)) {
                ResumeLoad load = ResumeFile.load(dir, torrent.infoHash(), torrent.info(), s.fileStates());
                assertThat(load).isInstanceOfSatisfying(ResumeLoad.Ignored.class,
                        i -> assertThat(i.reason()).contains("invalid resume data"));
                assertThat(load.verified().isEmpty()).isTrue();
                PieceStore<String> store = new PieceStore<>(s, pool);
                store.checkExisting(load.toRecheck(), (c, t) -> { });
                assertThat(store.verifiedPieces()).isEqualTo(bits(0, 1, 4));
            }
        }
    }

    @Test
    void corruptedButWellFormedResumeFileIsIgnored() throws Exception {
        downloadSomeAndSave();
        Path file = ResumeFile.path(dir, torrent.infoHash());
        byte[] bytes = Files.readAllBytes(file);
        // Flip a bit of the piece bitfield: still valid bencode, but it would claim an unverified piece.
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("6:pieces1:") + "6:pieces1:".length();
        bytes[at] |= 0x20;
        Files.write(file, bytes);
        ResumeLoad load = ResumeFile.load(dir, torrent.infoHash(), torrent.info(), List.of(FileState.ABSENT, FileState.ABSENT));
        assertThat(load).isInstanceOfSatisfying(ResumeLoad.Ignored.class, i -> assertThat(i.reason()).contains("checksum"));
    }

    @Test
    void resumeDataOfAnotherTorrentIsIgnored() throws Exception {
        downloadSomeAndSave();
        Metainfo other = TestTorrents.singleFile("t", TestTorrents.content(6 * PIECE, 9), PIECE);
        Files.copy(ResumeFile.path(dir, torrent.infoHash()), ResumeFile.path(dir, other.infoHash()));
        ResumeLoad load = ResumeFile.load(dir, other.infoHash(), other.info(), List.of(FileState.ABSENT));
        assertThat(load).isInstanceOfSatisfying(ResumeLoad.Ignored.class,
                i -> assertThat(i.reason()).contains("is for torrent " + torrent.infoHash()));
    }

    @Test
    void resumeWriteIsAtomic() throws Exception {
        // Crash before the first rename ever happened: only a half-written temp file exists.
        Files.createDirectories(TorrentStorage.stateDir(dir));
        Path temp = ResumeFile.tempPath(dir, torrent.infoHash());
        Files.write(temp, "d7:versioni1e9:info-h".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        ResumeLoad none = ResumeFile.load(dir, torrent.infoHash(), torrent.info(), List.of(FileState.ABSENT, FileState.ABSENT));
        assertThat(none).isInstanceOfSatisfying(ResumeLoad.Ignored.class, i -> assertThat(i.reason()).contains("no resume file"));

        // A normal save replaces the leftover and leaves no temp file behind.
        downloadSomeAndSave();
        assertThat(Files.exists(temp)).isFalse();
        Path file = ResumeFile.path(dir, torrent.infoHash());
        byte[] good = Files.readAllBytes(file);

        // Crash during the next save: the temp file is torn, the real one must be untouched and load.
        Files.write(temp, Arrays.copyOf(good, good.length / 3));
        try (TorrentStorage s = TorrentStorage.open(torrent.infoHash(), torrent.info(), dir)) {
            ResumeLoad load = ResumeFile.load(dir, torrent.infoHash(), torrent.info(), s.fileStates());
            assertThat(load.verified()).isEqualTo(bits(0, 1, 4));
            // And the next save still works over the leftover.
            ResumeFile.save(dir, new ResumeData(torrent.infoHash(), 6, bits(0), s.fileStates()));
        }
        assertThat(Files.exists(temp)).isFalse();
        assertThat(ResumeData.decode(Files.readAllBytes(file)).verified()).isEqualTo(bits(0));
    }

    @Test
    void oversizedResumeFileIsIgnoredWithoutReadingIt() throws IOException {
        Path file = ResumeFile.path(dir, torrent.infoHash());
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[1 << 20]);
        ResumeLoad load = ResumeFile.load(dir, torrent.infoHash(), torrent.info(), List.of(FileState.ABSENT, FileState.ABSENT));
        assertThat(load).isInstanceOfSatisfying(ResumeLoad.Ignored.class, i -> assertThat(i.reason()).contains("more than"));
        assertThat(load.toRecheck().cardinality()).isEqualTo(6);
    }
}
