package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.time.Clock;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Interop: our client against the real opentracker, over HTTP and UDP. Two peers announce the
 * same torrent; the second must receive the first. Fails (never skips) when opentracker is
 * missing.
 */
class OpentrackerInteropTest {
    static final InfoHash HTTP_TORRENT = InfoHash.fromHex("aa".repeat(10) + "0123456789abcdef0123");
    static final InfoHash UDP_TORRENT = InfoHash.fromHex("bb".repeat(10) + "0123456789abcdef0123");
    static final InfoHash FACADE_TORRENT = InfoHash.fromHex("dd".repeat(10) + "0123456789abcdef0123");
    static final InfoHash NOT_WHITELISTED = InfoHash.fromHex("cc".repeat(20));

    private static Process tracker;
    private static Path dir;
    private static Path log;
    private static HttpTrackerTransport http;
    private static int tcpPort;
    private static int udpPort;

    @BeforeAll
    static void startOpentracker() throws Exception {
        Path binary = Stream.of("/usr/bin/opentracker", "/usr/local/bin/opentracker").map(Path::of)
                .filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("opentracker is not installed (apt-get install opentracker); "
                        + "this interop test needs it and does not skip"));
        dir = Files.createTempDirectory("bittern-opentracker");
        // opentracker drops to 'nobody' and chroots into dir, so both must be readable by everyone.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path whitelist = dir.resolve("whitelist");
        Files.writeString(whitelist, HTTP_TORRENT.hex() + "\n" + UDP_TORRENT.hex() + "\n" + FACADE_TORRENT.hex() + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(whitelist, PosixFilePermissions.fromString("rw-r--r--"));
        tcpPort = freeTcpPort();
        udpPort = freeUdpPort();
        List<String> command = new java.util.ArrayList<>(List.of(binary.toString(),
                "-i", "127.0.0.1", "-p", Integer.toString(tcpPort), "-P", Integer.toString(udpPort),
                "-d", dir.toString(),
                // After the chroot the whitelist is read relative to dir.
                "-w", "whitelist"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody")); // opentracker refuses to keep running as root
        }
        log = dir.resolveSibling(dir.getFileName() + ".log");
        tracker = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        waitUntilListening();
        http = HttpTrackerTransport.create(Duration.ofSeconds(10));
    }

    private static void waitUntilListening() throws InterruptedException, IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            if (!tracker.isAlive()) {
                throw new AssertionError("opentracker exited with " + tracker.exitValue() + " before listening: "
                        + Files.readString(log, StandardCharsets.ISO_8859_1).strip());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), tcpPort), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("opentracker did not listen on 127.0.0.1:" + tcpPort + " within 10 s");
    }

    @AfterAll
    static void stopOpentracker() throws Exception {
        if (http != null) {
            http.close();
        }
        if (tracker != null) {
            tracker.destroy();
            if (!tracker.waitFor(5, TimeUnit.SECONDS)) {
                tracker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    private static AnnounceRequest peer(InfoHash torrent, char name, int port) {
        byte[] id = ("-BN0001-" + String.valueOf(name).repeat(12)).getBytes(StandardCharsets.US_ASCII);
        return new AnnounceRequest(torrent, id, port, 0, 0, 1000, AnnounceEvent.STARTED, 50, name, true);
    }

    private static InetSocketAddress local(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    @Test
    void secondPeerLearnsTheFirstOverHttp() throws Exception {
        String url = "http://127.0.0.1:" + tcpPort + "/announce";
        http.announce(url, peer(HTTP_TORRENT, 'A', 7001), Optional.empty());
        AnnounceResponse second = http.announce(url, peer(HTTP_TORRENT, 'B', 7002), Optional.empty());
        assertThat(second.peers()).extracting(TrackerPeer::address).contains(local(7001));
        assertThat(second.incomplete()).hasValue(2);
        assertThat(second.interval()).isPositive();
        Map<InfoHash, ScrapeResponse> scrape = http.scrape(url, List.of(HTTP_TORRENT));
        assertThat(scrape.get(HTTP_TORRENT).incomplete()).isEqualTo(2);
    }

    @Test
    void secondPeerLearnsTheFirstOverUdp() throws Exception {
        UdpTrackerTransport udp = new UdpTrackerTransport(Clock.system(), new SplittableRandom(11),
                new UdpTrackerExchange.Timeouts(Duration.ofSeconds(1), 3));
        String url = "udp://127.0.0.1:" + udpPort + "/announce";
        udp.announce(url, peer(UDP_TORRENT, 'C', 7101));
        AnnounceResponse second = udp.announce(url, peer(UDP_TORRENT, 'D', 7102));
        assertThat(second.peers()).extracting(TrackerPeer::address).contains(local(7101));
        assertThat(second.incomplete()).hasValue(2);
        assertThat(udp.scrape(url, List.of(UDP_TORRENT))).containsExactly(new ScrapeResponse(UDP_TORRENT, 0, 0, 2));
    }

    @Test
    void torrentOffTheWhitelistIsRefusedWithTheTrackersReason() {
        assertThatThrownBy(() -> http.announce("http://127.0.0.1:" + tcpPort + "/announce", peer(NOT_WHITELISTED, 'E', 7201), Optional.empty()))
                .isInstanceOf(TrackerFailureException.class).hasMessageContaining("not authorized");
    }

    @Test
    void facadeAnnouncesOverTiersMixingUdpAndHttp() throws Exception {
        try (TrackerClient client = new TrackerClient(
                new TrackerTiers(List.of(List.of("udp://127.0.0.1:" + udpPort + "/announce"),
                        List.of("http://127.0.0.1:" + tcpPort + "/announce")), new SplittableRandom(5)),
                new AnnounceScheduler(Clock.system()), HttpTrackerTransport.create(Duration.ofSeconds(10)),
                new UdpTrackerTransport(Clock.system(), new SplittableRandom(6), new UdpTrackerExchange.Timeouts(Duration.ofSeconds(1), 3)))) {
            http.announce("http://127.0.0.1:" + tcpPort + "/announce", peer(FACADE_TORRENT, 'G', 7302), Optional.empty());
            AnnounceResponse r = client.announce(peer(FACADE_TORRENT, 'F', 7301));
            assertThat(r.peers()).extracting(TrackerPeer::address).contains(local(7302));
            assertThat(client.tiers().tiers().getFirst()).containsExactly("udp://127.0.0.1:" + udpPort + "/announce");
            assertThat(client.scheduler().isDue()).isFalse();
        }
    }
}
