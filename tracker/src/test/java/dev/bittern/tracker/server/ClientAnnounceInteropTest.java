package dev.bittern.tracker.server;

import dev.bittern.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * transmission-cli and aria2c announce to this tracker and are counted. (Transmission 3.00
 * drops 127.0.0.0/8 peers it learns from a tracker, so on loopback only its announce is shown.)
 */
class ClientAnnounceInteropTest {
    private static TrackerServer startTracker() throws java.io.IOException {
        return TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1, Optional.empty(),
                Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system());
    }

    private static Path payload(Path dir) throws java.io.IOException {
        byte[] data = new byte[300_000];
        new Random(5).nextBytes(data);
        return Files.write(Files.createDirectories(dir.resolve("data")).resolve("payload.bin"), data);
    }

    @Test
    void transmissionSeedAnnounces(@TempDir Path dir) throws Exception {
        ExternalClient.requireInstalled("/usr/bin/transmission-cli", "apt-get install transmission-cli");
        try (TrackerServer tracker = startTracker()) {
            Path data = payload(dir);
            TestTorrents.Made t = TestTorrents.singleFile(data,
                    "http://127.0.0.1:" + tracker.httpPort() + "/announce", dir.resolve("t.torrent"));
            Path config = Files.createDirectories(dir.resolve("transmission-config"));
            ExternalClient client = ExternalClient.start(dir.resolve("transmission.log"), dir, List.of(
                    "/usr/bin/transmission-cli", "-g", config.toString(), "-w", data.getParent().toString(),
                    "-p", Integer.toString(ExternalClient.freePort()), "-M", "-er", "-u", "100",
                    t.torrent().toString()));
            try (client) {
                boolean seen = ExternalClient.waitUntil(() -> tracker.figures(t.infoHash()).complete() == 1, 60);
                assertThat(seen).as("transmission announced as a seed; its output:\n%s", client.output()).isTrue();
            }
        }
    }

    @Test
    void aria2LeecherAnnounces(@TempDir Path dir) throws Exception {
        ExternalClient.requireInstalled("/usr/bin/aria2c", "apt-get install aria2");
        try (TrackerServer tracker = startTracker()) {
            Path data = payload(dir);
            TestTorrents.Made t = TestTorrents.singleFile(data,
                    "http://127.0.0.1:" + tracker.httpPort() + "/announce", dir.resolve("t.torrent"));
            Path target = Files.createDirectories(dir.resolve("download"));
            try (ExternalClient client = ExternalClient.start(dir.resolve("aria2.log"), dir, List.of(
                    "/usr/bin/aria2c", "--dir=" + target, "--enable-dht=false", "--enable-dht6=false",
                    "--bt-enable-lpd=false", "--enable-peer-exchange=false", "--file-allocation=none",
                    "--listen-port=" + ExternalClient.freePort(), "--summary-interval=0", "--seed-time=0",
                    "--bt-stop-timeout=120", t.torrent().toString()))) {
                boolean seen = ExternalClient.waitUntil(() -> tracker.figures(t.infoHash()).incomplete() == 1, 60);
                assertThat(seen).as("aria2c announced as a leecher; its output:\n%s", client.output()).isTrue();
            }
        }
    }
}
