package dev.bittern.tracker.server;

import dev.bittern.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static dev.bittern.tracker.server.Peers.peerId;
import static dev.bittern.tracker.server.TrackerHttp.announce;
import static dev.bittern.tracker.server.TrackerHttp.get;
import static org.assertj.core.api.Assertions.assertThat;

class TorrentHostingTest {
    @Test
    void indexListsHostedTorrentsWithLiveFiguresAndServesTheFiles(@TempDir Path dir) throws IOException {
        Path hosted = Files.createDirectories(dir.resolve("hosted"));
        Path data = Files.write(dir.resolve("alpha & <beta>.bin"), new byte[3 * 1024 * 1024]);
        TestTorrents.Made alpha = TestTorrents.singleFile(data, "http://tracker.example/announce",
                hosted.resolve("alpha beta.torrent"));
        Files.writeString(hosted.resolve("broken.torrent"), "this is not bencode");
        Files.writeString(hosted.resolve("notes.txt"), "not a torrent");
        try (TrackerServer server = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1,
                Optional.of(hosted), Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system())) {
            int port = server.httpPort();
            get(port, announce(alpha.infoHash(), peerId(1), 7001, 0, ""));
            get(port, announce(alpha.infoHash(), peerId(2), 7002, 10, ""));
            get(port, announce(alpha.infoHash(), peerId(3), 7003, 10, ""));

            TrackerHttp.Response index = get(port, "/");
            assertThat(index.status()).isEqualTo(200);
            assertThat(index.head()).containsIgnoringCase("Content-Type: text/html");
            assertThat(index.text())
                    .contains("<a href=\"/torrents/alpha%20beta.torrent\">alpha &amp; &lt;beta&gt;.bin</a>")
                    .contains("3.0 MiB (3145728 bytes)")
                    .contains("<code>" + alpha.infoHash().hex() + "</code>")
                    .contains("<td>1</td><td>2</td><td>0</td>")
                    .contains("magnet:?xt=urn:btih:" + alpha.infoHash().hex())
                    .doesNotContain("broken").doesNotContain("notes");

            TrackerHttp.Response file = get(port, "/torrents/alpha%20beta.torrent");
            assertThat(file.status()).isEqualTo(200);
            assertThat(file.head()).containsIgnoringCase("Content-Type: application/x-bittorrent");
            assertThat(file.body()).isEqualTo(Files.readAllBytes(alpha.torrent()));

            assertThat(get(port, "/torrents/broken.torrent").status()).isEqualTo(404);
            assertThat(get(port, "/torrents/notes.txt").status()).isEqualTo(404);
            assertThat(get(port, "/torrents/..%2Fhosted%2Falpha%20beta.torrent").status()).isEqualTo(404);
            assertThat(get(port, "/torrents/../../etc/passwd").status()).isEqualTo(404);
        }
    }

    @Test
    void withoutAFolderThereIsNoIndex() throws IOException {
        try (TrackerServer server = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system())) {
            assertThat(get(server.httpPort(), "/").status()).isEqualTo(404);
            assertThat(get(server.httpPort(), "/torrents/x.torrent").status()).isEqualTo(404);
        }
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(StatusPages.size(0)).isEqualTo("0 B");
        assertThat(StatusPages.size(1023)).isEqualTo("1023 B");
        assertThat(StatusPages.size(1536)).isEqualTo("1.5 KiB (1536 bytes)");
    }
}
