package dev.bittern.tracker.server;

import dev.bittern.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two python3-libtorrent sessions that know nothing but this tracker's URL find each other
 * through it and complete a download (the script checks the bytes), over HTTP and over UDP;
 * the tracker counts the completed download and drops both peers on their "stopped".
 */
class LibtorrentInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static void swarmCompletesThrough(boolean udp, Path dir) throws Exception {
        ExternalClient.requireInstalled(PYTHON, "Debian python3 with python3-libtorrent");
        checkLibtorrentImportable();
        Path script = dir.resolve("libtorrent_swarm.py");
        try (InputStream in = LibtorrentInteropTest.class.getResourceAsStream("libtorrent_swarm.py")) {
            Files.copy(in, script);
        }
        try (TrackerServer tracker = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(),
                udp ? -1 : 0, udp ? 0 : -1, Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, false),
                Clock.system())) {
            String url = udp ? "udp://127.0.0.1:" + tracker.udpPort() + "/announce"
                    : "http://127.0.0.1:" + tracker.httpPort() + "/announce";
            Path work = Files.createDirectories(dir.resolve("work"));
            try (ExternalClient py = ExternalClient.start(dir.resolve("python.log"), dir,
                    List.of(PYTHON, script.toString(), url, work.toString()))) {
                int exit = py.awaitExit(150);
                assertThat(exit).as("libtorrent swarm script output:\n%s", py.output()).isZero();
                assertThat(py.output()).contains("complete, identical: True");
            }
            TrackerStats stats = tracker.stats();
            assertThat(stats.torrents()).isEqualTo(1);
            assertThat(stats.announces()).as("announces from both sessions").isGreaterThanOrEqualTo(2);
            assertThat(stats.completed()).as("the leecher's completed event was counted").isEqualTo(1);
            // Closing the sessions sent "stopped": both peers left the swarm.
            assertThat(stats.peers()).isZero();
        }
    }

    @Test
    void twoLibtorrentSessionsFindEachOtherOverHttp(@TempDir Path dir) throws Exception {
        swarmCompletesThrough(false, dir);
    }

    @Test
    void twoLibtorrentSessionsFindEachOtherOverUdp(@TempDir Path dir) throws Exception {
        swarmCompletesThrough(true, dir);
    }

    private static void checkLibtorrentImportable() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(PYTHON, "-c", "import libtorrent").redirectErrorStream(true).start();
        assertThat(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).as("python3 -c 'import libtorrent' hangs").isTrue();
        assertThat(p.exitValue()).as("%s cannot import libtorrent (install python3-libtorrent)", PYTHON).isZero();
    }
}
