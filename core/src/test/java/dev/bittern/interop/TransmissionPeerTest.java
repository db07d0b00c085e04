package dev.bittern.interop;

import dev.bittern.interop.TestContent.TestTorrent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self-test of the transmission fixture: transmission must be dialled, then waits ~10 s. */
class TransmissionPeerTest {
    @TempDir
    Path tmp;

    @Test
    void transmissionDownloadsFromALibtorrentSeedThatDialsIt() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 2 << 20, 4);
        TestTorrent torrent = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 64 * 1024, List.of());
        try (TransmissionPeer transmission = TransmissionPeer.download(torrent.file(), tmp.resolve("transmission"));
             LibtorrentPeer seed = LibtorrentPeer.seed(torrent.file(), tmp.resolve("seed"),
                     LibtorrentPeer.Options.defaults().connectTo(transmission.address()))) {
            transmission.awaitComplete(Duration.ofSeconds(60));
        }
        TestContent.assertSameContent(data, tmp.resolve("transmission/data.bin"));
    }

    @Test
    void transmissionSeedServesALibtorrentDownloaderThatDialsIt() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 1 << 20, 11);
        TestTorrent torrent = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 64 * 1024, List.of());
        try (TransmissionPeer transmission = TransmissionPeer.seed(torrent.file(), tmp.resolve("seed"))) {
            transmission.awaitComplete(Duration.ofSeconds(20));
            try (LibtorrentPeer leech = LibtorrentPeer.download(torrent.file(), tmp.resolve("leech"),
                    LibtorrentPeer.Options.defaults().connectTo(transmission.address()))) {
                leech.awaitFinished(Duration.ofSeconds(60));
            }
        }
        TestContent.assertSameContent(data, tmp.resolve("leech/data.bin"));
    }
}
