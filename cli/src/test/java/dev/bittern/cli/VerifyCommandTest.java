package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path tmp;

    private Path saveDir;
    private Path torrent;

    @BeforeEach
    void createTorrent() throws Exception {
        saveDir = tmp.resolve("downloads");
        Path content = saveDir.resolve("set");
        Files.createDirectories(content.resolve("sub"));
        Random r = new Random(1);
        for (String f : new String[] {"a", "sub/b"}) {
            byte[] data = new byte[100_000];
            r.nextBytes(data);
            Files.write(content.resolve(f), data);
        }
        torrent = tmp.resolve("set.torrent");
        CliRun created = CliRun.of("create", content.toString(), "--piece-length", "16KiB", "-o", torrent.toString());
        assertThat(created.exitCode()).as(created.err()).isZero();
    }

    @Test
    void intactDataExitsZeroWithEveryFileOk() {
        CliRun run = CliRun.of("verify", torrent.toString(), saveDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("ok       set/a  (7 good, 0 bad, 0 missing)")
                .contains("ok       set/sub/b  (7 good, 0 bad, 0 missing)")
                .contains("ok: 13 good, 0 bad, 0 missing of 13 pieces");
    }

    @Test
    void corruptAndMissingDataExitOneAndAreReportedPerFile() throws Exception {
        try (FileChannel ch = FileChannel.open(saveDir.resolve("set/a"), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}), 50_000);
        }
        Files.delete(saveDir.resolve("set/sub/b"));

        CliRun run = CliRun.of("verify", torrent.toString(), saveDir.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("BAD      set/a  (5 good, 1 bad, 1 missing)")
                .contains("MISSING  set/sub/b  (file not found; 0 good, 0 bad, 7 missing)")
                .contains("FAILED: 5 good, 1 bad, 7 missing of 13 pieces");
    }

    @Test
    void anUnreadableTorrentIsOneLineAndExitTwo() throws Exception {
        Path garbage = tmp.resolve("garbage.torrent");
        Files.writeString(garbage, "d4:infoi1ee");

        CliRun run = CliRun.of("verify", garbage.toString(), saveDir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("bittern verify: " + garbage + ": invalid torrent: info").hasLineCount(1);
    }

    @Test
    void aMissingFolderIsOneLineAndExitTwo() {
        Path missing = tmp.resolve("nowhere");

        CliRun run = CliRun.of("verify", torrent.toString(), missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("bittern verify: " + missing + ": no such file or directory" + System.lineSeparator());
    }

    @Test
    void helpExplainsTheExitStatus() {
        CliRun run = CliRun.of("verify", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: bittern verify").contains("TORRENT").contains("DIR").contains("Exit status");
    }
}
