package dev.bittern.create;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class PieceHasherPropertiesTest {
    @Property(tries = 40)
    void anyLayoutThreadCountAndChunkSizeGivesTheHashesOfTheConcatenation(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 50_000) Integer> sizes,
            @ForAll @IntRange(min = 14, max = 16) int log2Piece,
            @ForAll @IntRange(min = 1, max = 4) int threads,
            @ForAll @IntRange(min = 1, max = 200_000) int chunk,
            @ForAll long seed) throws Exception {
        int pieceLength = 1 << log2Piece;
        Path dir = Files.createTempDirectory("hasher");
        try {
            Random random = new Random(seed);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            List<PieceHasher.Segment> segments = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                byte[] data = new byte[sizes.get(i)];
                random.nextBytes(data);
                Path f = dir.resolve("f" + i);
                Files.write(f, data);
                all.write(data);
                segments.add(new PieceHasher.Segment(f, data.length));
            }

            byte[] pieces = new PieceHasher(threads, chunk).hashAll(segments, pieceLength, x -> { });

            byte[] concatenation = all.toByteArray();
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            for (int off = 0; off < concatenation.length; off += pieceLength) {
                MessageDigest md = MessageDigest.getInstance("SHA-1");
                md.update(concatenation, off, Math.min(pieceLength, concatenation.length - off));
                expected.write(md.digest());
            }
            assertThat(pieces).isEqualTo(expected.toByteArray());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
