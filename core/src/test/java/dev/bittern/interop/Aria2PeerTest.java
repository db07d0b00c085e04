package dev.bittern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.interop.TestContent.TestTorrent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self-test of the aria2c fixture: both ways aria2c meets a loopback peer. */
class Aria2PeerTest {
    @TempDir
    Path tmp;

    @Test
    void aria2DownloadsFromALibtorrentSeedFoundThroughOpentracker() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 1 << 20, 2);
        Path torrentFile = tmp.resolve("data.torrent");
        // opentracker needs the info-hash before it starts, the torrent needs the tracker's URL:
        // the announce URL is outside the info dictionary, so a trackerless probe has the same hash.
        TestTorrent probe = TestContent.mktorrent(data, tmp.resolve("probe.torrent"), 32 * 1024, List.of());
        try (Opentracker tracker = Opentracker.start(List.of(probe.metainfo().infoHash()))) {
            TestTorrent torrent = TestContent.mktorrent(data, torrentFile, 32 * 1024, List.of(tracker.announceUrl()));
            assertThat(torrent.metainfo().infoHash()).isEqualTo(probe.metainfo().infoHash());
            try (LibtorrentPeer seed = LibtorrentPeer.seed(torrentFile, tmp.resolve("seed"), LibtorrentPeer.Options.defaults().withTrackers())) {
                seed.awaitSeeding(Duration.ofSeconds(20));
                try (Aria2Peer aria2 = Aria2Peer.download(torrentFile, tmp.resolve("aria2"))) {
                    aria2.awaitComplete(Duration.ofSeconds(40));
                    assertThat(aria2.process().awaitExit(Duration.ofSeconds(20))).isZero();
                }
            }
        }
        TestContent.assertSameContent(data, tmp.resolve("aria2/data.bin"));
    }

    @Test
    void aria2AcceptsALibtorrentSeedThatDialsIt() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 1 << 20, 3);
        TestTorrent torrent = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
        try (Aria2Peer aria2 = Aria2Peer.download(torrent.file(), tmp.resolve("aria2"));
             LibtorrentPeer seed = LibtorrentPeer.seed(torrent.file(), tmp.resolve("seed"),
                     LibtorrentPeer.Options.defaults().connectTo(aria2.address()))) {
            aria2.awaitComplete(Duration.ofSeconds(40));
            assertThat(seed.lastProgress().percent()).isEqualTo(100.0);
        }
        TestContent.assertSameContent(data, tmp.resolve("aria2/data.bin"));
    }

    @Test
    void aria2SeedServesALibtorrentDownloaderThatDialsIt() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 1 << 20, 10);
        TestTorrent torrent = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
        try (Aria2Peer aria2 = Aria2Peer.seed(torrent.file(), tmp.resolve("seed"))) {
            aria2.awaitComplete(Duration.ofSeconds(20));
            try (LibtorrentPeer leech = LibtorrentPeer.download(torrent.file(), tmp.resolve("leech"),
                    LibtorrentPeer.Options.defaults().connectTo(aria2.address()))) {
                leech.awaitFinished(Duration.ofSeconds(40));
            }
        }
        TestContent.assertSameContent(data, tmp.resolve("leech/data.bin"));
    }
}
