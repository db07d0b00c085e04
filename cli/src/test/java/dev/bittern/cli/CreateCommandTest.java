package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CreateCommandTest {
    @TempDir
    Path tmp;

    private Path content;

    @BeforeEach
    void content() throws Exception {
        content = tmp.resolve("My Album");
        Files.createDirectories(content.resolve("cd1"));
        Files.write(content.resolve("cd1/track1"), new byte[300_000]);
        Files.write(content.resolve("cover.jpg"), new byte[1234]);
    }

    @Test
    void writesAParseableTorrentWithAllOptionsAndPrintsInfoHashAndMagnet() throws Exception {
        Path out = tmp.resolve("out.torrent");

        CliRun run = CliRun.of("create", content.toString(), "-t", "http://a.example/announce", "-t", "udp://b.example:80",
                "--piece-length", "256KiB", "--private", "--comment", "hi", "-o", out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Metainfo m = Metainfo.parse(Files.readAllBytes(out));
        assertThat(m.info().name()).isEqualTo("My Album");
        assertThat(m.info().pieceLength()).isEqualTo(262144);
        assertThat(m.info().isPrivate()).isTrue();
        assertThat(m.comment()).contains("hi");
        assertThat(m.createdBy()).contains("Bittern 0.1.0");
        assertThat(m.creationDate()).isPresent();
        assertThat(m.announceList()).containsExactly(List.of("http://a.example/announce"), List.of("udp://b.example:80"));
        String hex = m.infoHash().hex().toLowerCase();
        assertThat(run.out()).contains("created " + out + ": 2 files, 294.2 KiB in 2 pieces of 256.0 KiB")
                .contains("info-hash: " + hex)
                .contains("magnet:?xt=urn:btih:" + hex + "&dn=My%20Album&tr=http%3A%2F%2Fa.example%2Fannounce");
        assertThat(run.err()).as("no progress bar without a terminal").isEmpty();
    }

    @Test
    void refusesToOverwriteUnlessForcedAndLeavesNoTemporaryFiles() throws Exception {
        Path out = tmp.resolve("exists.torrent");
        Files.writeString(out, "keep me");

        CliRun refused = CliRun.of("create", content.toString(), "-o", out.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("bittern create: " + out + ": already exists (use --force to overwrite)" + System.lineSeparator());
        assertThat(Files.readString(out)).isEqualTo("keep me");

        CliRun forced = CliRun.of("create", content.toString(), "-o", out.toString(), "--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Metainfo.parse(Files.readAllBytes(out)).info().name()).isEqualTo("My Album");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("My Album", "exists.torrent");
        }
    }

    @Test
    void aMissingPathIsOneClearLine() {
        Path missing = tmp.resolve("nope");

        CliRun run = CliRun.of("create", missing.toString(), "-o", tmp.resolve("x.torrent").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("bittern create: " + missing + ": no such file or directory" + System.lineSeparator());
    }

    @Test
    void aBadPieceLengthOrTrackerIsOneClearLine() {
        CliRun piece = CliRun.of("create", content.toString(), "--piece-length", "1000", "-o", tmp.resolve("x.torrent").toString());
        CliRun tracker = CliRun.of("create", content.toString(), "-t", "nonsense", "-o", tmp.resolve("x.torrent").toString());

        assertThat(piece.exitCode()).isEqualTo(1);
        assertThat(piece.err()).startsWith("bittern create: invalid piece length '1000'").hasLineCount(1);
        assertThat(tracker.exitCode()).isEqualTo(1);
        assertThat(tracker.err()).startsWith("bittern create: tracker URL 'nonsense'").hasLineCount(1);
        assertThat(tmp.resolve("x.torrent")).doesNotExist();
    }

    @Test
    void helpDescribesTheOptions() {
        CliRun run = CliRun.of("create", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: bittern create").contains("--tracker").contains("--piece-length")
                .contains("--private").contains("--comment").contains("--output").contains("--force");
    }
}
