package dev.bittern.metainfo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torrents made by a reference tool (mktorrent) parse with the fields it wrote, and our
 * info-hash (SHA-1 of the raw info bytes) equals libtorrent's for the same file.
 */
class MktorrentInteropTest {
    @TempDir
    Path dir;

    @Test
    void multiFileTorrentFromMktorrentMatchesLibtorrent() throws Exception {
        Path content = dir.resolve("content");
        Files.createDirectories(content.resolve("sub"));
        Files.writeString(content.resolve("a.txt"), "hello\n");
        Files.write(content.resolve("sub").resolve("b.bin"), randomBytes(100_000));
        Path torrent = dir.resolve("multi.torrent");
        ExternalTools.mktorrent(content, torrent,
                "-a", "http://t1.example/ann", "-a", "http://t2.example/ann,http://t3.example/ann",
                "-c", "made for a test", "-p", "-w", "http://ws.example/", "-l", "15");

        Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
        List<String> lt = ExternalTools.libtorrentInfo(torrent);

        assertThat(m.infoHash().hex()).isEqualTo(lt.get(0));
        assertThat(m.info().pieceCount()).isEqualTo(Integer.parseInt(lt.get(1)));
        assertThat(m.info().totalLength()).isEqualTo(Long.parseLong(lt.get(2))).isEqualTo(100_006);
        assertThat(m.info().files()).hasSize(Integer.parseInt(lt.get(3)));
        assertThat(m.info().name()).isEqualTo("content");
        assertThat(m.info().isMultiFile()).isTrue();
        assertThat(m.info().isPrivate()).isTrue();
        assertThat(m.info().pieceLength()).isEqualTo(1 << 15);
        assertThat(m.info().files()).extracting(FileEntry::displayPath, FileEntry::length)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("a.txt", 6L),
                        org.assertj.core.groups.Tuple.tuple("sub/b.bin", 100_000L));
        assertThat(m.announce()).contains("http://t1.example/ann");
        assertThat(m.trackerTiers()).containsExactly(
                List.of("http://t1.example/ann"), List.of("http://t2.example/ann", "http://t3.example/ann"));
        assertThat(m.comment()).contains("made for a test");
        assertThat(m.createdBy()).hasValueSatisfying(s -> assertThat(s).startsWith("mktorrent"));
        assertThat(m.creationDate()).hasValueSatisfying(t -> assertThat(t).isGreaterThan(1_600_000_000L));
        assertThat(m.urlList()).containsExactly("http://ws.example/");
    }

    @Test
    void singleFileTorrentFromMktorrentMatchesLibtorrent() throws Exception {
        Path content = dir.resolve("data.bin");
        Files.write(content, randomBytes(70_000));
        Path torrent = dir.resolve("single.torrent");
        ExternalTools.mktorrent(content, torrent, "-a", "udp://t.example:6969/announce", "-d",
                "-w", "http://w1.example/data.bin,http://w2.example/data.bin", "-l", "16");

        Metainfo m = Metainfo.parse(Files.readAllBytes(torrent));
        List<String> lt = ExternalTools.libtorrentInfo(torrent);

        assertThat(m.infoHash().hex()).isEqualTo(lt.get(0));
        assertThat(m.info().pieceCount()).isEqualTo(Integer.parseInt(lt.get(1))).isEqualTo(2);
        assertThat(m.info().isMultiFile()).isFalse();
        assertThat(m.info().isPrivate()).isFalse();
        assertThat(m.info().files()).containsExactly(new FileEntry(List.of("data.bin"), 70_000, 0, false));
        assertThat(m.creationDate()).isEmpty();
        assertThat(m.trackerTiers()).containsExactly(List.of("udp://t.example:6969/announce"));
        assertThat(m.urlList()).containsExactly("http://w1.example/data.bin", "http://w2.example/data.bin");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }
}
