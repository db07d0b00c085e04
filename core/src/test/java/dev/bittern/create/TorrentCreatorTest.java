package dev.bittern.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.Metainfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorrentCreatorTest {
    @TempDir
    Path tmp;

    private final TorrentCreator creator = new TorrentCreator(new PieceHasher(2, 1 << 20));

    private static TorrentCreator.Options options(List<List<String>> tiers, boolean priv) {
        return new TorrentCreator.Options(tiers, OptionalInt.of(16384), priv, Optional.of("hello"),
                OptionalLong.of(1_700_000_000L), TorrentCreator.CREATED_BY);
    }

    private byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void singleFileTorrentHasLengthNameAndTopLevelFields() throws Exception {
        Path f = tmp.resolve("data.bin");
        byte[] data = random(40000, 1);
        Files.write(f, data);

        TorrentCreator.Result r = creator.create(ContentScanner.scan(f), options(List.of(List.of("http://t.example/announce")), false), x -> { });

        BDictionary top = Bencode.decodeDictionary(r.torrent());
        assertThat(top.requireString("announce")).isEqualTo("http://t.example/announce");
        assertThat(top.containsKey("announce-list")).isFalse();
        assertThat(top.requireString("comment")).isEqualTo("hello");
        assertThat(top.requireString("created by")).isEqualTo("Bittern 0.1.0");
        assertThat(top.requireLong("creation date")).isEqualTo(1_700_000_000L);
        BDictionary info = top.require("info", BDictionary.class);
        assertThat(info.entries().keySet().stream().map(k -> k.utf8()).toList())
                .containsExactly("length", "name", "piece length", "pieces");
        Metainfo m = r.metainfo();
        assertThat(m.info().isMultiFile()).isFalse();
        assertThat(m.info().totalLength()).isEqualTo(40000);
        assertThat(m.info().pieceCount()).isEqualTo(3);
        MessageDigest md = MessageDigest.getInstance("SHA-1");
        md.update(data, 32768, 40000 - 32768);
        assertThat(m.info().pieceHashMatches(2, md.digest())).isTrue();
    }

    @Test
    void multiFileTorrentListsFilesInOrderWithPrivateFlagAndOneTierPerTracker() throws Exception {
        Files.createDirectories(tmp.resolve("album/cd1"));
        Files.write(tmp.resolve("album/cd1/b"), random(20000, 2));
        Files.write(tmp.resolve("album/a"), random(100, 3));

        TorrentCreator.Result r = creator.create(ContentScanner.scan(tmp.resolve("album")),
                options(List.of(List.of("http://one/a"), List.of("udp://two:80")), true), x -> { });

        Metainfo m = r.metainfo();
        assertThat(m.info().isPrivate()).isTrue();
        assertThat(m.info().name()).isEqualTo("album");
        assertThat(m.info().files()).containsExactly(
                new FileEntry(List.of("a"), 100, 0, false),
                new FileEntry(List.of("cd1", "b"), 20000, 100, false));
        assertThat(m.announce()).contains("http://one/a");
        assertThat(m.announceList()).containsExactly(List.of("http://one/a"), List.of("udp://two:80"));
        BDictionary info = Bencode.decodeDictionary(r.torrent()).require("info", BDictionary.class);
        assertThat(info.require("files", BList.class).size()).isEqualTo(2);
        assertThat(info.requireLong("private")).isEqualTo(1);
    }

    @Test
    void theSameContentGivesTheSameInfoHashWhateverTheOuterFields() throws Exception {
        Files.write(tmp.resolve("x"), random(5000, 4));
        Content c = ContentScanner.scan(tmp.resolve("x"));

        Metainfo a = creator.create(c, options(List.of(), false), x -> { }).metainfo();
        Metainfo b = new TorrentCreator(new PieceHasher(1, 16384)).create(c, new TorrentCreator.Options(
                List.of(List.of("https://t/x")), OptionalInt.of(16384), false, Optional.empty(), OptionalLong.empty(), "other"),
                x -> { }).metainfo();

        assertThat(a.infoHash()).isEqualTo(b.infoHash());
    }

    @Test
    void automaticPieceLengthIs256KiBForSmallContent() throws Exception {
        Files.write(tmp.resolve("small"), random(1000, 5));

        Metainfo m = creator.create(ContentScanner.scan(tmp.resolve("small")), TorrentCreator.Options.defaults(), x -> { }).metainfo();

        assertThat(m.info().pieceLength()).isEqualTo(262144);
        assertThat(m.announce()).isEmpty();
    }

    @Test
    void trackerUrlsMustBeHttpHttpsOrUdp() {
        assertThatThrownBy(() -> options(List.of(List.of("ftp://x/announce")), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tracker URL 'ftp://x/announce': expected http://, https:// or udp://HOST...");
    }
}
