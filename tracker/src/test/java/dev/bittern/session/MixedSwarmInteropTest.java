package dev.bittern.session;

import dev.bittern.interop.LibtorrentPeer;
import dev.bittern.interop.Opentracker;
import dev.bittern.interop.TestContent;
import dev.bittern.storage.FileSelection;
import dev.bittern.time.Clock;
import dev.bittern.tracker.server.ScrapeEntry;
import dev.bittern.tracker.server.TrackerConfig;
import dev.bittern.tracker.server.TrackerLimits;
import dev.bittern.tracker.server.TrackerServer;
import dev.bittern.wire.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mixed swarm on loopback (issue 4): one Bittern seed and one python3-libtorrent seed, two
 * Bittern leechers and two libtorrent leechers, that know nothing but the torrent's tracker URL:
 * once our tracker ({@link TrackerServer}, in-process), once Debian's opentracker. Every leecher
 * must end with a byte-exact file, and the traffic must really be mixed: the libtorrent peers
 * report payload totals per connected peer id, which show that each Bittern leecher received data
 * from libtorrent peers and each libtorrent leecher received data from Bittern peers.
 *
 * <p>The seeds are rate limited, so the four leechers cannot all take the file straight from the
 * seeds and must trade pieces among themselves. Lives in the tracker module because it needs the
 * tracker server and the engine; it is an engine test, hence the package.
 */
class MixedSwarmInteropTest {
    private static final long SIZE = 4L * 1024 * 1024 + 12_345;
    private static final int PIECE = 32 * 1024;
    private static final long SEED_RATE = 512 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final HexFormat HEX = HexFormat.of();

    @Test
    @Timeout(90)
    void bitternAndLibtorrentPeersTradeThroughOurTracker(@TempDir Path tmp) throws Exception {
        try (TrackerServer tracker = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system())) {
            TestContent.TestTorrent t = runSwarm(tmp, hash -> "http://127.0.0.1:" + tracker.httpPort() + "/announce");
            ScrapeEntry figures = tracker.figures(dev.bittern.tracker.server.InfoHash.of(t.metainfo().infoHash().bytes()));
            assertThat(figures.downloaded()).as("completed events of the four leechers").isEqualTo(4);
        }
    }

    @Test
    @Timeout(90)
    void bitternAndLibtorrentPeersTradeThroughOpentracker(@TempDir Path tmp) throws Exception {
        Opentracker[] started = new Opentracker[1];
        try {
            runSwarm(tmp, hash -> {
                started[0] = Opentracker.start(List.of(hash));
                return started[0].announceUrl();
            });
        } finally {
            if (started[0] != null) {
                started[0].close();
            }
        }
    }

    /**
     * Runs the six-peer swarm and checks the files and the mixed traffic.
     *
     * @param trackerFor the announce URL to put into the torrent, given its info-hash (opentracker
     *                   must whitelist it before it starts)
     */
    private static TestContent.TestTorrent runSwarm(Path tmp, Function<dev.bittern.metainfo.InfoHash, String> trackerFor)
            throws Exception {
        Path original = TestContent.randomFile(tmp.resolve("seed-bt").resolve("data.bin"), SIZE, 4242);
        Files.createDirectories(tmp.resolve("seed-lt"));
        Files.copy(original, tmp.resolve("seed-lt").resolve("data.bin"));
        // The info-hash does not depend on the announce URL: a trackerless torrent names it first.
        TestContent.TestTorrent bare = TestContent.mktorrent(original, tmp.resolve("bare.torrent"), PIECE, List.of());
        String url = trackerFor.apply(bare.metainfo().infoHash());
        TestContent.TestTorrent t = TestContent.mktorrent(original, tmp.resolve("swarm.torrent"), PIECE, List.of(url));
        assertThat(t.metainfo().infoHash()).isEqualTo(bare.metainfo().infoHash());
        LibtorrentPeer.Options lt = LibtorrentPeer.Options.defaults().withTrackers().lifetime(Duration.ofMinutes(2));

        try (Client btSeed = Client.start(loopback());
             LibtorrentPeer ltSeed = LibtorrentPeer.seed(t.file(), tmp.resolve("seed-lt"), lt.uploadLimit(SEED_RATE))) {
            TorrentSession seed = btSeed.add(t.metainfo(), tmp.resolve("seed-bt"), FileSelection.all(), null,
                    SessionSettings.DEFAULTS.withRates(SEED_RATE, 0), true);
            assertThat(seed.completed()).as("Bittern found the seed data by hashing").isDone();
            ltSeed.awaitSeeding(Duration.ofSeconds(30));
            try (Client bt1 = Client.start(loopback()); Client bt2 = Client.start(loopback());
                 LibtorrentPeer lt1 = LibtorrentPeer.download(t.file(), tmp.resolve("lt1"), lt);
                 LibtorrentPeer lt2 = LibtorrentPeer.download(t.file(), tmp.resolve("lt2"), lt)) {
                TorrentSession s1 = bt1.add(t.metainfo(), tmp.resolve("bt1"), FileSelection.all(), null, SessionSettings.DEFAULTS, true);
                TorrentSession s2 = bt2.add(t.metainfo(), tmp.resolve("bt2"), FileSelection.all(), null, SessionSettings.DEFAULTS, true);
                long deadline = System.nanoTime() + WAIT.toNanos();
                awaitComplete(s1, "Bittern leecher 1", deadline, lt1);
                awaitComplete(s2, "Bittern leecher 2", deadline, lt2);
                lt1.awaitFinished(remaining(deadline));
                lt2.awaitFinished(remaining(deadline));
                for (String leecher : List.of("bt1", "bt2", "lt1", "lt2")) {
                    TestContent.assertSameContent(original, tmp.resolve(leecher).resolve("data.bin"));
                }

                List<LibtorrentPeer> libtorrents = List.of(ltSeed, lt1, lt2);
                System.out.println("Bittern " + bt1.peerId() + ", " + bt2.peerId() + " (seed " + btSeed.peerId()
                        + "); libtorrent payload totals per peer id: " + report(libtorrents));
                Set<String> bitterns = Set.of(hex(btSeed.peerId()), hex(bt1.peerId()), hex(bt2.peerId()));
                for (Client bt : List.of(bt1, bt2)) {
                    long fromLibtorrent = 0;
                    for (LibtorrentPeer p : libtorrents) {
                        LibtorrentPeer.Traffic traffic = p.trafficByPeer().get(hex(bt.peerId()));
                        fromLibtorrent += traffic == null ? 0 : traffic.uploaded();
                    }
                    assertThat(fromLibtorrent).as("bytes Bittern leecher %s received from libtorrent peers (%s)",
                            bt.peerId(), report(libtorrents)).isPositive();
                }
                for (LibtorrentPeer p : List.of(lt1, lt2)) {
                    long fromBittern = 0;
                    for (Map.Entry<String, LibtorrentPeer.Traffic> e : p.trafficByPeer().entrySet()) {
                        if (bitterns.contains(e.getKey())) {
                            fromBittern += e.getValue().downloaded();
                        }
                    }
                    assertThat(fromBittern).as("bytes libtorrent leecher %s received from Bittern peers (%s)",
                            p.process().name(), p.trafficByPeer()).isPositive();
                }
            }
        }
        return t;
    }

    private static Client.Settings loopback() {
        return new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0);
    }

    private static void awaitComplete(TorrentSession s, String who, long deadline, LibtorrentPeer context) throws Exception {
        try {
            s.completed().get(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw context.process().failure(who + " did not complete within " + WAIT.toSeconds() + " s (" + s.status() + ")");
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
    }

    private static String hex(PeerId id) {
        return HEX.formatHex(id.bytes());
    }

    private static String report(List<LibtorrentPeer> peers) {
        StringBuilder sb = new StringBuilder();
        for (LibtorrentPeer p : peers) {
            sb.append(p.process().name()).append(": ").append(p.trafficByPeer()).append("; ");
        }
        return sb.toString();
    }
}
