package dev.bittern.cli;

import dev.bittern.create.ContentScanner;
import dev.bittern.create.PieceHasher;
import dev.bittern.create.TorrentCreator;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.time.Clock;
import dev.bittern.tracker.server.InfoHash;
import dev.bittern.tracker.server.ScrapeEntry;
import dev.bittern.tracker.server.TrackerConfig;
import dev.bittern.tracker.server.TrackerLimits;
import dev.bittern.tracker.server.TrackerServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When {@code bittern download} leaves after completing: {@code --seed-ratio R} once it uploaded
 * R times the size, {@code --seed-time T} T after completion, {@code --exit-on-complete} at once;
 * leaving closes the client, which announces {@code stopped}. Real commands in-process on loopback.
 */
class SeedLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(40);

    /** A seed ({@code bittern seed}, no trackers) of a 2 MiB file on a free port. */
    private record Seeded(Path file, byte[] data, Path torrent, int port, Thread thread) implements AutoCloseable {
        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
        }
    }

    private static Seeded seed(Path tmp, List<String> trackers) throws IOException {
        Path seedDir = Files.createDirectories(tmp.resolve("seed"));
        byte[] data = new byte[2 * 1024 * 1024 + 555];
        new Random(21).nextBytes(data);
        Path file = Files.write(seedDir.resolve("payload.bin"), data);
        TorrentCreator.Result r = new TorrentCreator(new PieceHasher()).create(ContentScanner.scan(file),
                new TorrentCreator.Options(trackers.isEmpty() ? List.of() : List.of(trackers), OptionalInt.of(128 * 1024), false,
                        Optional.empty(), OptionalLong.empty(), TorrentCreator.CREATED_BY), n -> {
                });
        Path torrent = Files.write(tmp.resolve("payload.torrent"), r.torrent());
        int port = DownloadCommandTest.freePort();
        Thread t = Thread.ofPlatform().start(() -> CliRun.of("seed", torrent.toString(), seedDir.toString(),
                "--bind", "127.0.0.1", "--port", String.valueOf(port), "--no-trackers"));
        return new Seeded(file, data, torrent, port, t);
    }

    /** A {@code bittern download} on its own thread; {@link #result} once it returned. */
    private static TrackerServer loopbackTracker() throws IOException {
        return TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system());
    }

    private static String announceUrl(TrackerServer tracker) {
        return "http://127.0.0.1:" + tracker.httpPort() + "/announce";
    }

    private static InfoHash infoHash(Seeded seed) throws IOException {
        return InfoHash.of(Metainfo.parse(Files.readAllBytes(seed.torrent())).infoHash().bytes());
    }

    private static final class Download implements AutoCloseable {
        final AtomicReference<CliRun> result = new AtomicReference<>();
        final Thread thread;

        Download(String... args) {
            thread = Thread.ofPlatform().start(() -> result.set(CliRun.of(args)));
        }

        /** Waits until the command returned; fails if it is still running after {@code timeout}. */
        CliRun awaitExit(Duration timeout) throws InterruptedException {
            thread.join(timeout);
            assertThat(thread.isAlive()).as("download still running after %d s", timeout.toSeconds()).isFalse();
            return result.get();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
        }
    }

    /**
     * Polls until {@code file} holds {@code data}. Returns a System.nanoTime() at or before the
     * download's completion: when the last poll that still saw a difference started (some byte was
     * missing then, so the last piece was verified later), or {@code notBefore} if none did.
     */
    private static long awaitContent(Path file, byte[] data, long notBefore) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long lastMiss = notBefore;
        while (true) {
            long pollStart = System.nanoTime();
            if (Files.isRegularFile(file) && Files.size(file) == data.length && Arrays.equals(Files.readAllBytes(file), data)) {
                return lastMiss;
            }
            lastMiss = pollStart;
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(file + " did not get the seed's bytes within " + WAIT.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
    }

    @Test
    @Timeout(120)
    void seedRatioKeepsSeedingUntilTheUploadReachesRTimesTheSizeThenExits(@TempDir Path tmp) throws Exception {
        try (Seeded seed = seed(tmp, List.of())) {
            int port = DownloadCommandTest.freePort();
            Path out = tmp.resolve("first");
            try (Download first = new Download("download", seed.torrent().toString(), "-o", out.toString(), "--bind", "127.0.0.1",
                    "--port", String.valueOf(port), "--peer", "127.0.0.1:" + seed.port(), "--no-trackers", "--seed-ratio", "1")) {
                awaitContent(out.resolve("payload.bin"), seed.data(), System.nanoTime());
                // Complete, but nothing uploaded yet (the other peer is a seed): it must keep seeding.
                first.thread.join(Duration.ofSeconds(3));
                assertThat(first.thread.isAlive()).as("a download with --seed-ratio 1 left before uploading anything").isTrue();

                // A second downloader that knows only the first: everything it gets, the first uploaded.
                CliRun second = CliRun.of("download", seed.torrent().toString(), "-o", tmp.resolve("second").toString(),
                        "--bind", "127.0.0.1", "--peer", "127.0.0.1:" + port, "--no-trackers", "--exit-on-complete");
                assertThat(second.exitCode()).as(second.err()).isZero();
                assertThat(Files.readAllBytes(tmp.resolve("second").resolve("payload.bin"))).isEqualTo(seed.data());

                CliRun done = first.awaitExit(Duration.ofSeconds(15));
                assertThat(done.exitCode()).as(done.err()).isZero();
                assertThat(done.err()).contains("seeding");
            }
        }
    }

    @Test
    @Timeout(120)
    void seedTimeSeedsForTAfterCompletionThenExitsAndAnnouncesStopped(@TempDir Path tmp) throws Exception {
        Leave leave = downloadThenLeave(tmp, "--seed-time", "4s");
        assertThat(leave.completionToExit()).as("time from completion to exit (download took %d ms)",
                leave.downloadTook().toMillis()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(15));
    }

    @Test
    @Timeout(120)
    void exitOnCompleteExitsRightAfterTheDownloadAndAnnouncesStopped(@TempDir Path tmp) throws Exception {
        Leave leave = downloadThenLeave(tmp, "--exit-on-complete");
        assertThat(leave.completionToExit()).as("time from completion to exit").isLessThan(Duration.ofSeconds(4));
    }

    private record Leave(Duration downloadTook, Duration completionToExit) {
    }

    /**
     * Downloads from a seed announced to our tracker with {@code leaveOption}; checks the clean exit and that
     * the tracker saw the completed and the stopped announce; returns how long the download and the stay took.
     */
    private static Leave downloadThenLeave(Path tmp, String... leaveOption) throws Exception {
        try (TrackerServer tracker = loopbackTracker();
             Seeded seed = seed(tmp, List.of(announceUrl(tracker)))) {
            InfoHash hash = infoHash(seed);
            Path out = tmp.resolve("leech");
            List<String> args = new ArrayList<>(List.of("download", seed.torrent().toString(), "-o", out.toString(),
                    "--bind", "127.0.0.1", "--peer", "127.0.0.1:" + seed.port()));
            args.addAll(List.of(leaveOption));
            long started = System.nanoTime();
            Leave leave;
            try (Download d = new Download(args.toArray(String[]::new))) {
                long complete = awaitContent(out.resolve("payload.bin"), seed.data(), started);
                CliRun run = d.awaitExit(WAIT);
                leave = new Leave(Duration.ofNanos(complete - started), Duration.ofNanos(System.nanoTime() - complete));
                assertThat(run.exitCode()).as(run.err()).isZero();
            }
            ScrapeEntry figures = tracker.figures(hash);
            assertThat(figures.downloaded()).as("the completed announce").isEqualTo(1);
            assertThat(figures.complete() + figures.incomplete()).as("peers left after the stopped announce").isZero();
            return leave;
        }
    }
}
