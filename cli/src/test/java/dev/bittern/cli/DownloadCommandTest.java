package dev.bittern.cli;

import dev.bittern.create.ContentScanner;
import dev.bittern.create.PieceHasher;
import dev.bittern.create.TorrentCreator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bittern seed} and {@code bittern download} through the command line, on loopback. */
class DownloadCommandTest {
    static Path torrentOf(Path content, Path torrentFile) throws IOException {
        TorrentCreator.Result r = new TorrentCreator(new PieceHasher()).create(ContentScanner.scan(content),
                new TorrentCreator.Options(List.of(), OptionalInt.of(256 * 1024), false, Optional.empty(), OptionalLong.empty(),
                        TorrentCreator.CREATED_BY), n -> {
                });
        Files.write(torrentFile, r.torrent());
        return torrentFile;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    @Timeout(120)
    void downloadFromSeedExitsZeroWithBitExactFile(@TempDir Path tmp) throws Exception {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] data = new byte[3 * 1024 * 1024 + 4321];
        new Random(7).nextBytes(data);
        Path file = Files.write(seedDir.resolve("payload.bin"), data);
        Path torrent = torrentOf(file, tmp.resolve("payload.torrent"));
        int port = freePort();
        AtomicInteger seedExit = new AtomicInteger(-1);
        Thread seeder = Thread.ofPlatform().start(() -> seedExit.set(CliRun.of("seed", torrent.toString(), seedDir.toString(),
                "--bind", "127.0.0.1", "--port", String.valueOf(port), "--no-trackers").exitCode()));
        try {
            CliRun run = CliRun.of("download", torrent.toString(), "-o", tmp.resolve("out").toString(), "--bind", "127.0.0.1",
                    "--peer", "127.0.0.1:" + port, "--exit-on-complete", "--no-trackers");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(run.err()).contains("100.0%");
            assertThat(Files.mismatch(file, tmp.resolve("out").resolve("payload.bin"))).isEqualTo(-1L);
        } finally {
            seeder.interrupt();
            seeder.join(30_000);
        }
        assertThat(seeder.isAlive()).isFalse();
    }

    @Test
    void downloadRejectsABadPeerAddressInOneLine(@TempDir Path tmp) throws Exception {
        Path content = Files.write(tmp.resolve("x.bin"), new byte[1000]);
        Path torrent = torrentOf(content, tmp.resolve("x.torrent"));
        CliRun run = CliRun.of("download", torrent.toString(), "--peer", "localhost", "--exit-on-complete");
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("--peer localhost: expected HOST:PORT");
    }

    @Test
    void seedRejectsAMissingTorrentInOneLine(@TempDir Path tmp) {
        CliRun run = CliRun.of("seed", tmp.resolve("none.torrent").toString(), tmp.toString());
        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("none.torrent: no such file");
    }

    @Test
    @Timeout(120)
    void filesOptionDownloadsOnlyTheChosenFile(@TempDir Path tmp) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("seed").resolve("album"));
        Random r = new Random(9);
        byte[] a = new byte[700 * 1024 + 3];
        byte[] b = new byte[900 * 1024 + 5];
        byte[] c = new byte[600 * 1024 + 7];
        r.nextBytes(a);
        r.nextBytes(b);
        r.nextBytes(c);
        Files.write(folder.resolve("a.bin"), a);
        Files.write(folder.resolve("b.bin"), b);
        Files.write(folder.resolve("c.bin"), c);
        Path torrent = torrentOf(folder, tmp.resolve("album.torrent"));
        int port = freePort();
        Thread seeder = Thread.ofPlatform().start(() -> CliRun.of("seed", torrent.toString(), tmp.resolve("seed").toString(),
                "--bind", "127.0.0.1", "--port", String.valueOf(port), "--no-trackers"));
        try {
            CliRun run = CliRun.of("download", torrent.toString(), "-o", tmp.resolve("out").toString(), "--bind", "127.0.0.1",
                    "--peer", "127.0.0.1:" + port, "--exit-on-complete", "--no-trackers", "--files", "1");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(Files.readAllBytes(tmp.resolve("out").resolve("album").resolve("b.bin"))).isEqualTo(b);
            assertThat(tmp.resolve("out").resolve("album").resolve("c.bin")).doesNotExist();
        } finally {
            seeder.interrupt();
            seeder.join(30_000);
        }
    }
}
