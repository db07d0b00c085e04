package dev.bittern.metainfo;

import static dev.bittern.metainfo.TestTorrents.file;
import static dev.bittern.metainfo.TestTorrents.multiFileInfo;
import static dev.bittern.metainfo.TestTorrents.singleFileInfo;
import static dev.bittern.metainfo.TestTorrents.strings;
import static dev.bittern.metainfo.TestTorrents.torrent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BInteger;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.Bencode;
import dev.bittern.bencode.BencodeException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetainfoTest {

    @Test
    void singleFileTorrentExposesEveryTopLevelField() {
        BDictionary info = singleFileInfo("movie.mkv", 100_000, 32_768).put("private", 1).build();
        byte[] bytes = Bencode.encode(BDictionary.builder()
                .put("announce", "http://a.example/announce")
                .put("announce-list", BList.of(strings("http://a.example/announce", "udp://b.example:80"), strings("http://c.example/announce")))
                .put("comment", "the comment")
                .put("created by", "hand 1.0")
                .put("creation date", 1_700_000_000L)
                .put("info", info)
                .put("url-list", "http://seed.example/movie.mkv")
                .build());

        Metainfo m = Metainfo.parse(bytes);

        assertThat(m.announce()).contains("http://a.example/announce");
        assertThat(m.announceList()).containsExactly(
                List.of("http://a.example/announce", "udp://b.example:80"), List.of("http://c.example/announce"));
        assertThat(m.trackerTiers()).isEqualTo(m.announceList());
        assertThat(m.comment()).contains("the comment");
        assertThat(m.createdBy()).contains("hand 1.0");
        assertThat(m.creationDate()).contains(1_700_000_000L);
        assertThat(m.urlList()).containsExactly("http://seed.example/movie.mkv");
        InfoDictionary i = m.info();
        assertThat(i.name()).isEqualTo("movie.mkv");
        assertThat(i.isPrivate()).isTrue();
        assertThat(i.isMultiFile()).isFalse();
        assertThat(i.pieceLength()).isEqualTo(32_768);
        assertThat(i.pieceCount()).isEqualTo(4);
        assertThat(i.pieceSize(0)).isEqualTo(32_768);
        assertThat(i.pieceSize(3)).isEqualTo(100_000 - 3 * 32_768);
        assertThat(i.totalLength()).isEqualTo(100_000);
        assertThat(i.files()).containsExactly(new FileEntry(List.of("movie.mkv"), 100_000, 0, false));
    }

    @Test
    void pieceAccessorsRejectIndexesOutsideTheTorrent() {
        InfoDictionary i = Metainfo.parse(torrent(singleFileInfo("a", 100, 16_384).build())).info();
        assertThat(i.pieceCount()).isEqualTo(1);
        assertThat(i.pieceSize(0)).isEqualTo(100);
        assertThat(i.pieceHashMatches(0, i.pieceHash(0))).isTrue();
        assertThatThrownBy(() -> i.pieceSize(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> i.pieceHash(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> i.pieceHashMatches(1, new byte[20])).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void optionalFieldsAreAbsentWhenNotGiven() {
        Metainfo m = Metainfo.parse(Bencode.encode(BDictionary.builder()
                .put("info", singleFileInfo("a", 10, 16_384).build()).build()));
        assertThat(m.announce()).isEmpty();
        assertThat(m.announceList()).isEmpty();
        assertThat(m.trackerTiers()).isEmpty();
        assertThat(m.comment()).isEmpty();
        assertThat(m.createdBy()).isEmpty();
        assertThat(m.creationDate()).isEmpty();
        assertThat(m.urlList()).isEmpty();
        assertThat(m.info().isPrivate()).isFalse();
    }

    @Test
    void announceAloneIsTheOnlyTierWithoutAnnounceList() {
        Metainfo m = Metainfo.parse(torrent(singleFileInfo("a", 10, 16_384).build()));
        assertThat(m.trackerTiers()).containsExactly(List.of("http://tracker.example/announce"));
    }

    @Test
    void urlListMayBeAListOfWebSeeds() {
        byte[] bytes = Bencode.encode(BDictionary.builder()
                .put("info", singleFileInfo("a", 10, 16_384).build())
                .put("url-list", strings("http://s1.example/", "", "http://s2.example/"))
                .build());
        assertThat(Metainfo.parse(bytes).urlList()).containsExactly("http://s1.example/", "http://s2.example/");
    }

    @Test
    void multiFileTorrentPlacesFilesInOrderInOneByteSpace() {
        BDictionary pad = BDictionary.builder().put("attr", "p").put("length", 5).put("path", strings(".pad", "5")).build();
        BDictionary info = multiFileInfo("album", 16_384,
                file(3, "a.txt"), pad, file(40_000, "disc 2", "b.flac"), file(0, "empty")).build();

        InfoDictionary i = Metainfo.parse(torrent(info)).info();

        assertThat(i.isMultiFile()).isTrue();
        assertThat(i.name()).isEqualTo("album");
        assertThat(i.files()).containsExactly(
                new FileEntry(List.of("a.txt"), 3, 0, false),
                new FileEntry(List.of(".pad", "5"), 5, 3, true),
                new FileEntry(List.of("disc 2", "b.flac"), 40_000, 8, false),
                new FileEntry(List.of("empty"), 0, 40_008, false));
        assertThat(i.files().get(2).displayPath()).isEqualTo("disc 2/b.flac");
        assertThat(i.totalLength()).isEqualTo(40_008);
        assertThat(i.pieceCount()).isEqualTo(3);
    }

    @Test
    void infoHashIsTheSha1OfTheRawInfoBytes() throws Exception {
        BDictionary info = singleFileInfo("x", 1, 16_384).build();
        byte[] bytes = torrent(info);
        byte[] rawInfo = Bencode.encode(info);
        // The raw info bytes are a slice of the file; find them there rather than trusting the encoder.
        String file = new String(bytes, StandardCharsets.ISO_8859_1);
        int at = file.indexOf("4:infod") + "4:info".length();
        byte[] slice = file.substring(at, file.length() - 1).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(slice).isEqualTo(rawInfo);

        Metainfo m = Metainfo.parse(bytes);

        byte[] expected = MessageDigest.getInstance("SHA-1").digest(slice);
        assertThat(m.infoHash().bytes()).isEqualTo(expected);
        assertThat(m.infoHash().hex()).isEqualTo(HexFormat.of().formatHex(expected));
    }

    @Test
    void infoHashChangesWithAnyInfoFieldButNotWithTopLevelFields() {
        BDictionary info = singleFileInfo("x", 1, 16_384).build();
        BDictionary other = singleFileInfo("x", 1, 16_384).put("private", 1).build();
        InfoHash h = Metainfo.parse(torrent(info)).infoHash();
        assertThat(Metainfo.parse(torrent(other)).infoHash()).isNotEqualTo(h);
        byte[] withComment = Bencode.encode(BDictionary.builder().put("comment", "hi").put("info", info).build());
        assertThat(Metainfo.parse(withComment).infoHash()).isEqualTo(h);
    }

    @Test
    void wrongTypesNameTheDottedField() {
        BDictionary badPath = BDictionary.builder().put("length", 1)
                .put("path", BList.of(BInteger.of(7))).build();
        assertFieldError(multiFileInfo("d", 16_384, file(1, "ok"), badPath).build(),
                "info.files[1].path[0]", "expected a string, found integer");

        assertFieldError(singleFileInfo("a", 1, 16_384).put("piece length", "big").build(),
                "info.piece length", "expected integer, found string");
        assertFieldError(multiFileInfo("d", 16_384, file(1, "ok")).put("files", BList.of(BString.of("x"))).build(),
                "info.files[0]", "expected a dictionary, found string");
        assertFieldError(singleFileInfo("a", 1, 16_384).put("private", "yes").build(),
                "info.private", "expected integer, found string");
        BDictionary noLength = BDictionary.builder().put("path", strings("f")).build();
        assertFieldError(multiFileInfo("d", 16_384, file(1, "ok")).put("files", BList.of(file(1, "ok"), noLength)).build(),
                "info.files[1].length", "missing");

        byte[] badTier = Bencode.encode(BDictionary.builder()
                .put("announce-list", BList.of(BList.of(BString.of("http://a/"), BInteger.of(3))))
                .put("info", singleFileInfo("a", 1, 16_384).build()).build());
        assertThatThrownBy(() -> Metainfo.parse(badTier)).isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: announce-list[0][1]: expected a string, found integer");
        byte[] badInfo = Bencode.encode(BDictionary.builder().put("info", BList.of()).build());
        assertThatThrownBy(() -> Metainfo.parse(badInfo)).isInstanceOf(MetainfoException.class)
                .hasMessageContaining("info: expected dictionary, found list");
    }

    @Test
    void missingInfoIsNamed() {
        byte[] bytes = Bencode.encode(BDictionary.builder().put("announce", "http://a/").build());
        assertThatThrownBy(() -> Metainfo.parse(bytes)).isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: info: missing")
                .extracting(e -> ((MetainfoException) e).field()).isEqualTo("info");
    }

    @Test
    void brokenBencodingIsReportedWithItsOffset() {
        byte[] bytes = "d8:announce3:ab".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Metainfo.parse(bytes)).isInstanceOf(BencodeException.class)
                .hasMessageContaining("at byte");
        assertThatThrownBy(() -> Metainfo.parse("le".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(BencodeException.class).hasMessageContaining("expected a dictionary");
    }

    @Test
    void pieceCountMustMatchTheTotalLength() {
        assertFieldError(singleFileInfo("a", 100_000, 32_768).put("pieces", new byte[3 * 20]).build(),
                "info.pieces", "has 3 hashes but 100000 bytes in pieces of 32768 need 4");
        assertFieldError(singleFileInfo("a", 10, 16_384).put("pieces", new byte[21]).build(),
                "info.pieces", "not a multiple of 20");
    }

    @Test
    void pieceLengthMustBePositiveAndBounded() {
        assertFieldError(singleFileInfo("a", 10, 16_384).put("piece length", 0).build(), "info.piece length", "must be between 1 and");
        assertFieldError(singleFileInfo("a", 10, 16_384).put("piece length", 1L << 40).build(), "info.piece length", "must be between 1 and");
    }

    @Test
    void hugeLengthsDoNotOverflowThePieceCount() {
        BDictionary info = singleFileInfo("a", 10, 16_384).put("length", Long.MAX_VALUE).put("piece length", 1 << 30).build();
        assertFieldError(info, "info.pieces", "need 8589934592");
        BDictionary two = multiFileInfo("d", 16_384, file(1, "x")).put("files",
                BList.of(file(Long.MAX_VALUE, "a"), file(Long.MAX_VALUE, "b"))).build();
        assertFieldError(two, "info.files[1].length", "total length overflows");
    }

    @Test
    void negativeLengthsAreRejected() {
        assertFieldError(singleFileInfo("a", 10, 16_384).put("length", -1).build(), "info.length", "negative");
        assertFieldError(multiFileInfo("d", 16_384, file(-5, "x")).build(), "info.files[0].length", "negative");
    }

    @Test
    void exactlyOneOfLengthAndFilesMustBeGiven() {
        BDictionary both = singleFileInfo("a", 1, 16_384).put("files", BList.of(file(1, "x"))).build();
        assertFieldError(both, "info", "has both 'length' and 'files'");
        BDictionary neither = BDictionary.builder().put("name", "a").put("piece length", 16_384).put("pieces", new byte[0]).build();
        assertFieldError(neither, "info", "has neither 'length' nor 'files'");
        assertFieldError(multiFileInfo("d", 16_384, file(1, "x")).put("files", BList.of()).build(), "info.files", "empty list");
    }

    @Test
    void v2OnlyTorrentIsRejectedClearly() {
        BDictionary fileTree = BDictionary.builder().put("a.txt", BDictionary.builder()
                .put("", BDictionary.builder().put("length", 5).put("pieces root", new byte[32]).build()).build()).build();
        BDictionary info = BDictionary.builder().put("file tree", fileTree).put("meta version", 2)
                .put("name", "a.txt").put("piece length", 16_384).build();
        assertFieldError(info, "info.pieces", "BitTorrent v2-only torrents are not supported");
    }

    @Test
    void hybridTorrentIsReadAsV1() {
        BDictionary info = singleFileInfo("a", 10, 16_384).put("meta version", 2)
                .put("file tree", BDictionary.builder().build()).build();
        assertThat(Metainfo.parse(torrent(info)).info().totalLength()).isEqualTo(10);
    }

    private static void assertFieldError(BDictionary info, String field, String why) {
        assertThatThrownBy(() -> Metainfo.parse(torrent(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessageStartingWith("invalid torrent: " + field + ": ")
                .hasMessageContaining(why)
                .extracting(e -> ((MetainfoException) e).field()).isEqualTo(field);
    }
}
