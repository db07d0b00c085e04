package dev.bittern.interop;

import dev.bittern.metainfo.Metainfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Test data: reproducible random files and trees, .torrent files made by mktorrent (an
 * independent implementation, so our parser is not checked against itself), and byte-for-byte
 * tree comparison with a diff naming the first difference.
 */
public final class TestContent {
    private static final int CHUNK = 64 * 1024;

    private TestContent() {
    }

    /** A torrent file written by a test fixture, and its parse. */
    public record TestTorrent(Path file, Metainfo metainfo) {
        public String infoHashHex() {
            return metainfo.infoHash().hex();
        }
    }

    /** Writes {@code size} random bytes (from {@code seed}) to {@code file}, creating parents. */
    public static Path randomFile(Path file, long size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (OutputStream out = Files.newOutputStream(file)) {
                for (long left = size; left > 0; left -= chunk.length) {
                    random.nextBytes(chunk);
                    out.write(chunk, 0, (int) Math.min(left, chunk.length));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write test file " + file, e);
        }
        return file;
    }

    /**
     * Writes a folder {@code root} holding the given files (relative path with '/' to size),
     * each with its own seed derived from {@code seed}. Returns {@code root}.
     */
    public static Path randomTree(Path root, Map<String, Long> files, long seed) {
        long s = seed;
        for (Map.Entry<String, Long> f : new TreeMap<>(files).entrySet()) {
            randomFile(root.resolve(f.getKey()), f.getValue(), s++);
        }
        return root;
    }

    /**
     * Makes a v1 .torrent of {@code content} (a file or a folder) with mktorrent.
     *
     * @param pieceLength a power of two from 32 KiB (mktorrent's minimum, 2^15) to 2^28
     * @param trackers    announce URLs, one tier each; may be empty (a trackerless torrent)
     */
    public static TestTorrent mktorrent(Path content, Path torrentFile, int pieceLength, List<String> trackers) {
        if (Integer.bitCount(pieceLength) != 1 || pieceLength < (1 << 15) || pieceLength > (1 << 28)) {
            throw new IllegalArgumentException("mktorrent needs a power-of-two piece length from 32 KiB to 256 MiB, got " + pieceLength);
        }
        List<String> cmd = new ArrayList<>(List.of(InteropTools.require(InteropTools.MKTORRENT),
                "-l", Integer.toString(Integer.numberOfTrailingZeros(pieceLength)), "-o", torrentFile.toString()));
        for (String t : trackers) {
            cmd.addAll(List.of("-a", t));
        }
        cmd.add(content.toString());
        Path log = torrentFile.resolveSibling(torrentFile.getFileName() + ".mktorrent.log");
        try (ExternalProcess p = ExternalProcess.start("mktorrent", cmd, content.toAbsolutePath().getParent(), log)) {
            int exit = p.awaitExit(Duration.ofSeconds(60));
            if (exit != 0 || !Files.isRegularFile(torrentFile)) {
                throw p.failure("failed with exit code " + exit);
            }
        }
        return load(torrentFile);
    }

    /** Parses a .torrent written by any tool. */
    public static TestTorrent load(Path torrentFile) {
        try {
            return new TestTorrent(torrentFile, Metainfo.parse(Files.readAllBytes(torrentFile)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read torrent " + torrentFile, e);
        }
    }

    /**
     * Asserts that {@code actual} holds exactly the files of {@code expected} with the same
     * bytes (both may be single files). Fails naming missing/extra files, sizes, or the first
     * differing byte offset.
     */
    public static void assertSameContent(Path expected, Path actual) {
        String diff = difference(expected, actual);
        if (diff != null) {
            throw new AssertionError("content differs: " + diff);
        }
    }

    /** The first difference between two files or trees, or null when they are identical. */
    public static String difference(Path expected, Path actual) {
        try {
            if (!Files.exists(actual)) {
                return actual + " does not exist (expected like " + expected + ")";
            }
            if (Files.isRegularFile(expected)) {
                return fileDifference(expected, actual);
            }
            TreeSet<String> want = relativeFiles(expected);
            TreeSet<String> got = relativeFiles(actual);
            TreeSet<String> missing = new TreeSet<>(want);
            missing.removeAll(got);
            TreeSet<String> extra = new TreeSet<>(got);
            extra.removeAll(want);
            if (!missing.isEmpty() || !extra.isEmpty()) {
                return "in " + actual + ": missing " + missing + ", unexpected " + extra;
            }
            for (String f : want) {
                String d = fileDifference(expected.resolve(f), actual.resolve(f));
                if (d != null) {
                    return d;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compare " + expected + " with " + actual, e);
        }
    }

    private static String fileDifference(Path expected, Path actual) throws IOException {
        if (!Files.isRegularFile(actual)) {
            return actual + " is not a regular file";
        }
        long want = Files.size(expected);
        long got = Files.size(actual);
        long at = Files.mismatch(expected, actual);
        if (at == -1) {
            return null;
        }
        return actual + ": " + (want != got ? "size " + got + " instead of " + want + ", " : "")
                + "first differing byte at offset " + at + " (expected file " + expected + ")";
    }

    private static TreeSet<String> relativeFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            TreeSet<String> out = new TreeSet<>();
            s.filter(Files::isRegularFile).forEach(p -> out.add(root.relativize(p).toString().replace('\\', '/')));
            return out;
        }
    }
}
