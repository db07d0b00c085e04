package dev.bittern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.interop.TestContent.TestTorrent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self-test of the libtorrent fixture: a loopback swarm of two libtorrent peers. */
class LibtorrentPeerTest {
    @TempDir
    Path tmp;

    @Test
    void downloaderThatDialsTheSeedGetsIdenticalBytes() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 2 << 20, 1);
        TestTorrent torrent = LibtorrentPeer.createTorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
        assertThat(torrent.metainfo().info().pieceCount()).isEqualTo(64);
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrent.file(), tmp.resolve("seed"), LibtorrentPeer.Options.defaults())) {
            seed.awaitSeeding(Duration.ofSeconds(20));
            try (LibtorrentPeer leech = LibtorrentPeer.download(torrent.file(), tmp.resolve("leech"),
                    LibtorrentPeer.Options.defaults().connectTo(seed.address()))) {
                leech.awaitFinished(Duration.ofSeconds(40));
                assertThat(leech.lastProgress().percent()).isEqualTo(100.0);
            }
        }
        TestContent.assertSameContent(data, tmp.resolve("leech/data.bin"));
    }

    @Test
    void uploadLimitAppliesToALoopbackDownloader() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 1 << 20, 7);
        TestTorrent torrent = LibtorrentPeer.createTorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrent.file(), tmp.resolve("seed"),
                LibtorrentPeer.Options.defaults().uploadLimit(200_000))) {
            seed.awaitSeeding(Duration.ofSeconds(20));
            long start = System.nanoTime();
            try (LibtorrentPeer leech = LibtorrentPeer.download(torrent.file(), tmp.resolve("leech"),
                    LibtorrentPeer.Options.defaults().connectTo(seed.address()))) {
                leech.awaitFinished(Duration.ofSeconds(40));
            }
            // 1 MiB at 200 kB/s is ~5 s; unlimited it is well under a second. A lower bound only,
            // so a slow machine cannot make it fail.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofSeconds(3));
        }
        TestContent.assertSameContent(data, tmp.resolve("leech/data.bin"));
    }
}
