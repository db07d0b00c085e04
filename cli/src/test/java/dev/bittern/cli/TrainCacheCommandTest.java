package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class TrainCacheCommandTest {
    /**
     * The launcher ignores a failed training run (the cache is an optimisation), so a broken
     * training would only show as slower downloads: it is checked here instead.
     */
    @Test
    @Timeout(120)
    void trainingCreatesSeedsAndDownloadsATorrentInOneProcess(@TempDir Path tmp) throws Exception {
        CliRun run = CliRun.of("train-cache", tmp.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Path seeded = tmp.resolve("seed").resolve("train.bin");
        Path downloaded = tmp.resolve("download").resolve("train.bin");
        assertThat(Files.size(seeded)).isEqualTo(32L << 20);
        assertThat(Files.mismatch(seeded, downloaded)).isEqualTo(-1);
        assertThat(tmp.resolve("train.torrent")).isNotEmptyFile();
    }

    @Test
    void trainingIsNotListedInTheUsage() {
        CliRun run = CliRun.of("--help");

        assertThat(run.out()).contains("download").doesNotContain("train-cache");
    }
}
