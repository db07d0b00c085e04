package dev.bittern.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.Metainfo;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentVerifierTest {
    private static final int PIECE = 16384;

    @TempDir
    Path tmp;

    private Path root;
    private Metainfo metainfo;
    private final ContentVerifier verifier = new ContentVerifier(new PieceHasher(2, 65536));

    /** Files in torrent order: a (20000 B: pieces 0-1), b (30000 B: pieces 1-3), c (5000 B: piece 3), zero (0 B). */
    @BeforeEach
    void createTorrent() throws Exception {
        root = tmp.resolve("dl");
        Random r = new Random(7);
        Files.createDirectories(root.resolve("set/sub"));
        for (Object[] f : new Object[][] {{"set/a", 20000}, {"set/b", 30000}, {"set/sub/c", 5000}, {"set/zero", 0}}) {
            byte[] data = new byte[(Integer) f[1]];
            r.nextBytes(data);
            Files.write(root.resolve((String) f[0]), data);
        }
        metainfo = new TorrentCreator(new PieceHasher()).create(ContentScanner.scan(root.resolve("set")),
                new TorrentCreator.Options(List.of(), OptionalInt.of(PIECE), false, Optional.empty(), OptionalLong.empty(), "t"),
                x -> { }).metainfo();
    }

    private static String summary(VerifyReport r) {
        StringBuilder sb = new StringBuilder();
        for (VerifyReport.FileReport f : r.files()) {
            sb.append(f.file().displayPath()).append(':').append(f.state()).append(' ')
                    .append(f.good()).append('/').append(f.bad()).append('/').append(f.missing()).append(' ');
        }
        return sb.toString().trim();
    }

    @Test
    void untouchedContentIsAllGood() throws Exception {
        VerifyReport r = verifier.verify(metainfo, root, x -> { });

        assertThat(r.allGood()).isTrue();
        assertThat(r.count(VerifyReport.PieceState.GOOD)).isEqualTo(4);
        assertThat(summary(r)).isEqualTo("a:PRESENT 2/0/0 b:PRESENT 3/0/0 sub/c:PRESENT 1/0/0 zero:PRESENT 0/0/0");
    }

    @Test
    void aFlippedByteMakesItsPieceBadInEveryFileItTouches() throws Exception {
        try (FileChannel ch = FileChannel.open(root.resolve("set/b"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {42}), 0); // byte 20000 of the torrent: piece 1 (shared by a and b)
        }

        VerifyReport r = verifier.verify(metainfo, root, x -> { });

        assertThat(r.allGood()).isFalse();
        assertThat(r.piece(1)).isEqualTo(VerifyReport.PieceState.BAD);
        assertThat(summary(r)).isEqualTo("a:PRESENT 1/1/0 b:PRESENT 2/1/0 sub/c:PRESENT 1/0/0 zero:PRESENT 0/0/0");
    }

    @Test
    void aMissingFileMakesItsPiecesMissingWithoutReadingAndOthersAreStillChecked() throws Exception {
        Files.delete(root.resolve("set/sub/c"));

        VerifyReport r = verifier.verify(metainfo, root, x -> { });

        assertThat(summary(r)).isEqualTo("a:PRESENT 2/0/0 b:PRESENT 2/0/1 sub/c:MISSING 0/0/1 zero:PRESENT 0/0/0");
        assertThat(r.count(VerifyReport.PieceState.MISSING)).isEqualTo(1);
        assertThat(r.allGood()).isFalse();
    }

    @Test
    void aShortFileIsMissingAndALongFileIsReportedThoughItsPiecesMatch() throws Exception {
        try (FileChannel ch = FileChannel.open(root.resolve("set/a"), StandardOpenOption.WRITE)) {
            ch.truncate(100);
        }
        Files.write(root.resolve("set/sub/c"), new byte[] {1}, StandardOpenOption.APPEND);

        VerifyReport r = verifier.verify(metainfo, root, x -> { });

        assertThat(summary(r)).isEqualTo("a:SHORT 0/0/2 b:PRESENT 2/0/1 sub/c:LONG 1/0/0 zero:PRESENT 0/0/0");
        assertThat(r.files().get(0).actualLength()).isEqualTo(100);
        assertThat(r.files().get(2).ok()).isFalse();
    }

    @Test
    void aMissingEmptyFileIsReportedButHasNoPieces() throws Exception {
        Files.delete(root.resolve("set/zero"));

        VerifyReport r = verifier.verify(metainfo, root, x -> { });

        assertThat(r.count(VerifyReport.PieceState.GOOD)).isEqualTo(4);
        assertThat(r.files().get(3).state()).isEqualTo(VerifyReport.FileState.MISSING);
        assertThat(r.allGood()).isFalse();
    }

    @Test
    void piecesAboveTheSupportedLengthAreRefusedBeforeAnyBufferIsAllocated() throws Exception {
        byte[] torrent = Bencode.encode(BDictionary.builder()
                .put("info", BDictionary.builder()
                        .put("name", "huge").put("length", 1L << 30).put("piece length", 1L << 30).put("pieces", new byte[20]).build())
                .build());

        assertThatThrownBy(() -> verifier.verify(Metainfo.parse(torrent), root, x -> { }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("piece length 1073741824 is above the supported 67108864 bytes");
    }

    @Test
    void progressCountsOnlyTheBytesActuallyHashed() throws Exception {
        Files.delete(root.resolve("set/a"));
        long[] last = {0};

        verifier.verify(metainfo, root, done -> {
            synchronized (last) {
                last[0] = Math.max(last[0], done);
            }
        });

        assertThat(last[0]).isEqualTo(55000 - 2 * PIECE);
    }
}
