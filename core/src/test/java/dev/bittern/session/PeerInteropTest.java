package dev.bittern.session;

import dev.bittern.interop.Aria2Peer;
import dev.bittern.interop.ExternalProcess;
import dev.bittern.interop.LibtorrentPeer;
import dev.bittern.interop.TestContent;
import dev.bittern.interop.TransmissionPeer;
import dev.bittern.storage.FileSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Bittern against real clients on loopback: libtorrent (python3-libtorrent 2.0.8), Transmission 3.00
 * and aria2 download from a Bittern seed, and Bittern downloads from libtorrent and Transmission.
 * A missing client fails the test with how to install it (never a skip).
 */
class PeerInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PIECE = 256 * 1024;

    private static Client.Settings loopback() {
        return new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0);
    }

    private static TestContent.TestTorrent content(Path tmp, long size) {
        Path data = TestContent.randomFile(tmp.resolve("seed").resolve("data.bin"), size, size);
        return TestContent.mktorrent(data, tmp.resolve("data.torrent"), PIECE, List.of());
    }

    private static TorrentSession seed(Client c, TestContent.TestTorrent t, Path tmp) throws Exception {
        TorrentSession s = c.add(t.metainfo(), tmp.resolve("seed"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
        if (!s.completed().isDone()) {
            throw new AssertionError("Bittern did not find the seed data by hashing " + tmp.resolve("seed"));
        }
        return s;
    }

    private static void awaitOurDownload(TorrentSession s, ExternalProcess other) throws Exception {
        try {
            s.completed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw other.failure("Bittern did not complete within " + WAIT.toSeconds() + " s (" + s.status() + ")");
        }
    }

    @Test
    @Timeout(180)
    void libtorrentDownloadsFromOurSeed(@TempDir Path tmp) throws Exception {
        TestContent.TestTorrent t = content(tmp, 4 * 1024 * 1024 + 99);
        try (Client c = Client.start(loopback())) {
            seed(c, t, tmp);
            try (LibtorrentPeer lt = LibtorrentPeer.download(t.file(), tmp.resolve("lt"),
                    LibtorrentPeer.Options.defaults().connectTo(new InetSocketAddress("127.0.0.1", c.port())))) {
                lt.awaitFinished(WAIT);
            }
        }
        TestContent.assertSameContent(tmp.resolve("seed").resolve("data.bin"), tmp.resolve("lt").resolve("data.bin"));
    }

    @Test
    @Timeout(180)
    void weDownloadFromLibtorrentSeed(@TempDir Path tmp) throws Exception {
        TestContent.TestTorrent t = content(tmp, 4 * 1024 * 1024 + 1234);
        try (LibtorrentPeer lt = LibtorrentPeer.seed(t.file(), tmp.resolve("seed"), LibtorrentPeer.Options.defaults());
             Client c = Client.start(loopback())) {
            lt.awaitSeeding(Duration.ofSeconds(30));
            TorrentSession s = c.add(t.metainfo(), tmp.resolve("ours"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            s.addPeer(lt.address());
            awaitOurDownload(s, lt.process());
        }
        TestContent.assertSameContent(tmp.resolve("seed").resolve("data.bin"), tmp.resolve("ours").resolve("data.bin"));
    }

    @Test
    @Timeout(180)
    void transmissionDownloadsFromOurSeed(@TempDir Path tmp) throws Exception {
        TestContent.TestTorrent t = content(tmp, 2 * 1024 * 1024 + 5);
        try (Client c = Client.start(loopback()); TransmissionPeer tr = TransmissionPeer.download(t.file(), tmp.resolve("tr"))) {
            // Transmission 3.00 ignores loopback peers it hears about; it must be dialled.
            seed(c, t, tmp).addPeer(tr.address());
            tr.awaitComplete(WAIT);
        }
        TestContent.assertSameContent(tmp.resolve("seed").resolve("data.bin"), tmp.resolve("tr").resolve("data.bin"));
    }

    @Test
    @Timeout(180)
    void aria2DownloadsFromOurSeed(@TempDir Path tmp) throws Exception {
        TestContent.TestTorrent t = content(tmp, 3 * 1024 * 1024 + 77);
        try (Client c = Client.start(loopback()); Aria2Peer a = Aria2Peer.download(t.file(), tmp.resolve("aria2"))) {
            seed(c, t, tmp).addPeer(a.address());
            a.awaitComplete(WAIT);
        }
        TestContent.assertSameContent(tmp.resolve("seed").resolve("data.bin"), tmp.resolve("aria2").resolve("data.bin"));
    }

    @Test
    @Timeout(180)
    void weDownloadFromTransmissionSeed(@TempDir Path tmp) throws Exception {
        TestContent.TestTorrent t = content(tmp, 2 * 1024 * 1024 + 3);
        try (TransmissionPeer tr = TransmissionPeer.seed(t.file(), tmp.resolve("seed")); Client c = Client.start(loopback())) {
            TorrentSession s = c.add(t.metainfo(), tmp.resolve("ours"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            s.addPeer(tr.address());
            awaitOurDownload(s, tr.process());
        }
        TestContent.assertSameContent(tmp.resolve("seed").resolve("data.bin"), tmp.resolve("ours").resolve("data.bin"));
    }
}
