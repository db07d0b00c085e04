package dev.bittern.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.Metainfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our info-hash must equal mktorrent's and libtorrent's for the same files, name and piece
 * length: otherwise a torrent made by Bittern for content others already share would be a
 * different swarm. Needs /usr/bin/mktorrent and /usr/bin/python3 with the libtorrent binding
 * (Debian: mktorrent, python3-libtorrent); fails, never skips, when they are missing.
 */
class CreateInteropTest {
    private static final Path MKTORRENT = Path.of("/usr/bin/mktorrent");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int PIECE = 262144;
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    static Path tmp;

    private static Path script;
    private static Path single;
    private static Path folder;

    @BeforeAll
    static void toolsAndContent() throws Exception {
        if (!Files.isExecutable(MKTORRENT)) {
            fail(MKTORRENT + " is missing: install the Debian package 'mktorrent' (tools/install-peers.sh)");
        }
        script = tmp.resolve("libtorrent_create.py");
        try (InputStream in = CreateInteropTest.class.getResourceAsStream("libtorrent_create.py")) {
            Files.copy(in, script);
        }
        String probe = run(List.of(PYTHON.toString(), "-c", "import libtorrent; print(libtorrent.__version__)"), true);
        assertThat(probe).as("libtorrent version").startsWith("2.");

        Random r = new Random(42);
        single = tmp.resolve("content/single.bin");
        Files.createDirectories(single.getParent());
        write(single, 1_000_003, r);

        folder = tmp.resolve("content/Folder");
        // Non-power-of-two sizes, files smaller than a piece, a 0-byte file, nesting, a hidden file,
        // and names where mktorrent's whole-path order differs from a per-component order.
        Object[][] files = {
                {"a/x.dat", 262_145}, {"a-b/y.dat", 700_001}, {"a.d/q", 1}, {"a b", 3},
                {"deep/er/still/z.bin", 262_143}, {"zero", 0}, {".hidden", 17}, {"Upper", 4096},
        };
        for (Object[] f : files) {
            Path p = folder.resolve((String) f[0]);
            Files.createDirectories(p.getParent());
            write(p, (Integer) f[1], r);
        }
    }

    private static void write(Path p, int size, Random r) throws IOException {
        byte[] data = new byte[size];
        r.nextBytes(data);
        Files.write(p, data);
    }

    /** Runs a process with a bounded wait; returns stdout, fails with stderr on a non-zero exit. */
    private static String run(List<String> command, boolean python) throws Exception {
        if (python && !Files.isExecutable(PYTHON)) {
            fail(PYTHON + " is missing: the Debian python3 with python3-libtorrent is needed");
        }
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        if (p.exitValue() != 0) {
            String hint = python ? " (is python3-libtorrent installed for /usr/bin/python3?)" : "";
            fail(command + " exited " + p.exitValue() + hint + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8).trim();
    }

    private static TorrentCreator.Result create(Path content) throws IOException {
        TorrentCreator.Options options = new TorrentCreator.Options(List.of(List.of("http://127.0.0.1:6969/announce")),
                OptionalInt.of(PIECE), false, Optional.empty(), OptionalLong.empty(), TorrentCreator.CREATED_BY);
        return new TorrentCreator(new PieceHasher()).create(ContentScanner.scan(content), options, x -> { });
    }

    private static Metainfo ours(Path content) throws IOException {
        return create(content).metainfo();
    }

    private static Metainfo mktorrent(Path content) throws Exception {
        Path out = tmp.resolve("mk-" + content.getFileName() + ".torrent");
        Files.deleteIfExists(out);
        run(List.of(MKTORRENT.toString(), "-l", "18", "-a", "http://127.0.0.1:6969/announce", "-o", out.toString(),
                content.toString()), false);
        return Metainfo.parse(Files.readAllBytes(out));
    }

    private static String libtorrentInfoHash(Path content) throws Exception {
        Path out = tmp.resolve("lt-" + content.getFileName() + ".torrent");
        return run(List.of(PYTHON.toString(), script.toString(), "create", content.toString(), Integer.toString(PIECE),
                out.toString()), true);
    }

    @Test
    void singleFileInfoHashEqualsMktorrents() throws Exception {
        Metainfo mk = mktorrent(single);

        assertThat(ours(single).infoHash()).isEqualTo(mk.infoHash());
    }

    @Test
    void nestedFolderInfoHashEqualsMktorrentsIncludingFileOrder() throws Exception {
        Metainfo mk = mktorrent(folder);
        Metainfo ours = ours(folder);

        assertThat(ours.info().files()).isEqualTo(mk.info().files());
        assertThat(ours.infoHash()).isEqualTo(mk.infoHash());
    }

    @Test
    void singleFileInfoHashEqualsLibtorrents() throws Exception {
        assertThat(ours(single).infoHash().hex()).isEqualToIgnoringCase(libtorrentInfoHash(single));
    }

    @Test
    void nestedFolderInfoHashEqualsLibtorrentsForTheSameFileOrder() throws Exception {
        assertThat(ours(folder).infoHash().hex()).isEqualToIgnoringCase(libtorrentInfoHash(folder));
    }

    @Test
    void libtorrentLoadsOurTorrentsWithTheSameFilesAndInfoHash() throws Exception {
        for (Path content : List.of(single, folder)) {
            TorrentCreator.Result created = create(content);
            Metainfo ours = created.metainfo();
            Path file = Files.createTempFile(tmp, "ours", ".torrent");
            Files.write(file, created.torrent());
            List<String> lines = run(List.of(PYTHON.toString(), script.toString(), "load", file.toString()), true)
                    .lines().toList();

            List<String> expected = new ArrayList<>();
            for (FileEntry f : ours.info().files()) {
                String path = ours.info().isMultiFile() ? ours.info().name() + "/" + f.displayPath() : f.displayPath();
                expected.add(f.length() + "\t" + path);
            }
            assertThat(lines.get(0)).as("info-hash libtorrent computes").isEqualToIgnoringCase(ours.infoHash().hex());
            assertThat(lines.subList(1, lines.size())).as("files libtorrent sees").isEqualTo(expected);
        }
    }
}
