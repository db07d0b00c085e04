package dev.bittern.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PieceHasherTest {
    @TempDir
    Path dir;

    /** Reference: SHA-1 of each pieceLength slice of the plain concatenation. */
    private static byte[] expectedPieces(byte[] all, int pieceLength) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int off = 0; off < all.length; off += pieceLength) {
            MessageDigest md = MessageDigest.getInstance("SHA-1");
            md.update(all, off, Math.min(pieceLength, all.length - off));
            out.write(md.digest());
        }
        return out.toByteArray();
    }

    private List<PieceHasher.Segment> writeFiles(int[] sizes, ByteArrayOutputStream all, long seed) throws IOException {
        Random random = new Random(seed);
        List<PieceHasher.Segment> segments = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            byte[] data = new byte[sizes[i]];
            random.nextBytes(data);
            Path f = dir.resolve("f" + i);
            Files.write(f, data);
            all.write(data);
            segments.add(new PieceHasher.Segment(f, sizes[i]));
        }
        return segments;
    }

    @ParameterizedTest(name = "sizes={0} piece={1} threads={2} chunk={3}")
    @CsvSource({
            "100000, 16384, 1, 65536",
            "100000;0;7;65536;1;33000, 16384, 2, 16384",
            "16384;16384, 16384, 3, 40000",
            "1;2;3, 16384, 2, 4194304",
            "300000;5;0;262145, 262144, 2, 1048576",
            "70000, 32768, 4, 1000",
    })
    void piecesEqualSha1OfEachSliceOfTheConcatenation(String sizes, int pieceLength, int threads, int chunk) throws Exception {
        int[] s = Arrays.stream(sizes.split(";")).mapToInt(Integer::parseInt).toArray();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<PieceHasher.Segment> segments = writeFiles(s, all, sizes.hashCode());

        byte[] pieces = new PieceHasher(threads, chunk).hashAll(segments, pieceLength, x -> { });

        assertThat(pieces).isEqualTo(expectedPieces(all.toByteArray(), pieceLength));
    }

    @Test
    void zeroSegmentsHashAsZeroBytesWithoutAnyFile() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<PieceHasher.Segment> segments = new ArrayList<>(writeFiles(new int[] {20000}, all, 1));
        segments.add(PieceHasher.Segment.zeros(12768));
        all.write(new byte[12768]);

        byte[] pieces = new PieceHasher(2, 16384).hashAll(segments, 16384, x -> { });

        assertThat(pieces).isEqualTo(expectedPieces(all.toByteArray(), 16384));
    }

    @Test
    void unwantedPiecesAreNotReadSoAMissingFileOnlyThereIsFine() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<PieceHasher.Segment> segments = new ArrayList<>(writeFiles(new int[] {32768}, all, 2));
        segments.add(new PieceHasher.Segment(dir.resolve("does-not-exist"), 32768));
        byte[] expected = expectedPieces(all.toByteArray(), 16384);
        AtomicLongArray seen = new AtomicLongArray(4);

        new PieceHasher(2, 16384).hash(segments, 16384, i -> i < 2, (i, sha1) -> {
            seen.incrementAndGet(i);
            assertThat(sha1).isEqualTo(Arrays.copyOfRange(expected, i * 20, i * 20 + 20));
        }, x -> { });

        assertThat(seen.toString()).isEqualTo("[1, 1, 0, 0]");
    }

    @Test
    void progressReachesTheTotalNumberOfBytes() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<PieceHasher.Segment> segments = writeFiles(new int[] {50000, 12345}, all, 3);
        AtomicLong max = new AtomicLong();

        new PieceHasher(2, 16384).hashAll(segments, 16384, done -> max.accumulateAndGet(done, Math::max));

        assertThat(max.get()).isEqualTo(62345);
    }

    @Test
    void aFileShorterThanDeclaredIsAnErrorNamingTheFile() throws Exception {
        Path f = dir.resolve("short");
        Files.write(f, new byte[1000]);

        assertThatThrownBy(() -> new PieceHasher(2, 16384).hashAll(List.of(new PieceHasher.Segment(f, 5000)), 16384, x -> { }))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("shorter than 5000 bytes");
    }

    @Test
    void emptyContentHasNoPieces() throws Exception {
        assertThat(new PieceHasher().hashAll(List.of(PieceHasher.Segment.zeros(0)), 16384, x -> { })).isEmpty();
    }
}
