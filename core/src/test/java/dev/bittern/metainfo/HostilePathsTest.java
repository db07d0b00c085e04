package dev.bittern.metainfo;

import static dev.bittern.metainfo.TestTorrents.file;
import static dev.bittern.metainfo.TestTorrents.multiFileInfo;
import static dev.bittern.metainfo.TestTorrents.singleFileInfo;
import static dev.bittern.metainfo.TestTorrents.torrent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** File paths inside a torrent are untrusted: every way out of the download folder is refused at parse time. */
class HostilePathsTest {

    static Stream<Arguments> hostileComponents() {
        return Stream.of(
                Arguments.of("..", "would leave the folder"),
                Arguments.of(".", "would leave the folder"),
                Arguments.of("", "empty path component"),
                Arguments.of("C:", "drive prefix"),
                Arguments.of("c:evil", "drive prefix"),
                Arguments.of("a\0b", "NUL character"),
                Arguments.of("etc/passwd", "separator '/'"),
                Arguments.of("..\\..\\boot.ini", "separator '\\'"),
                Arguments.of("bell\u0007", "control character U+0007"),
                Arguments.of("esc\u001b[2J", "control character U+001B"),
                Arguments.of("del\u007f", "control character U+007F"),
                Arguments.of("new\nline", "control character U+000A"));
    }

    @ParameterizedTest
    @MethodSource("hostileComponents")
    void hostileComponentInAFilePathIsRejectedNamingTheFileAndWhy(String component, String why) {
        BDictionary info = multiFileInfo("dir", 16_384, file(1, "fine"), file(2, "sub", component, "x")).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessageStartingWith("invalid torrent: info.files[1].path[1]: ")
                .hasMessageContaining(why)
                .hasMessageContaining("(file 'sub/");
    }

    @ParameterizedTest
    @MethodSource("hostileComponents")
    void hostileNameIsRejected(String component, String why) {
        assertThatThrownBy(() -> Metainfo.parse(torrent(singleFileInfo(component, 1, 16_384).build())))
                .isInstanceOf(MetainfoException.class)
                .hasMessageStartingWith("invalid torrent: info.name: ")
                .hasMessageContaining(why);
    }

    @Test
    void absolutePathAsFirstComponentIsRejected() {
        BDictionary info = multiFileInfo("dir", 16_384, file(1, "/etc", "passwd")).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: info.files[0].path[0]: separator '/' inside path component '/etc' (file '/etc/passwd')");
    }

    @Test
    void emptyPathListIsRejected() {
        BDictionary empty = BDictionary.builder().put("length", 1).put("path", BList.of()).build();
        BDictionary info = multiFileInfo("dir", 16_384, file(1, "x")).put("files", BList.of(empty)).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: info.files[0].path: empty path");
    }

    @Test
    void duplicatePathsAreRejected() {
        BDictionary info = multiFileInfo("dir", 16_384, file(1, "a", "b"), file(2, "c"), file(3, "a", "b")).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: info.files[2].path: duplicate file 'a/b'");
    }

    @Test
    void aFileUsedAsAFolderOfAnotherFileIsRejectedInEitherOrder() {
        BDictionary fileFirst = multiFileInfo("dir", 16_384, file(1, "a"), file(2, "a", "b")).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(fileFirst)))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: info.files[1].path: file 'a/b' lies below 'a', which is a file");
        BDictionary folderFirst = multiFileInfo("dir", 16_384, file(2, "a", "b"), file(1, "a")).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(folderFirst)))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: info.files[1].path: file 'a' is also a folder of another file");
    }

    @Test
    void clashIsFoundWhateverTheOrderAndDistanceOfTheFiles() {
        BDictionary info = multiFileInfo("dir", 16_384,
                file(1, "z"), file(1, "a", "b", "c"), file(1, "m"), file(1, "a", "b"), file(1, "a", "c")).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessage("invalid torrent: info.files[3].path: file 'a/b' is also a folder of another file");
    }

    @Test
    void siblingsWithCommonPrefixesDoNotClash() {
        BDictionary info = multiFileInfo("dir", 16_384,
                file(1, "a", "b"), file(1, "a", "bc"), file(1, "ab"), file(1, "a", "b c", "d")).build();
        assertThat(Metainfo.parse(torrent(info)).info().files()).hasSize(4);
    }

    @Test
    void invalidUtf8ComponentsThatCollideAreDuplicates() {
        // Two different invalid byte sequences both decode to U+FFFD: on disk they would be one file.
        BDictionary f1 = BDictionary.builder().put("length", 1).put("path", BList.of(BString.of(new byte[] {(byte) 0xff}))).build();
        BDictionary f2 = BDictionary.builder().put("length", 1).put("path", BList.of(BString.of(new byte[] {(byte) 0xfe}))).build();
        BDictionary info = multiFileInfo("dir", 16_384, file(2, "x")).put("files", BList.of(f1, f2)).build();
        assertThatThrownBy(() -> Metainfo.parse(torrent(info)))
                .isInstanceOf(MetainfoException.class)
                .hasMessageContaining("duplicate file");
    }

    @Test
    void ordinaryNamesWithDotsAndSpacesAreAccepted() {
        BDictionary info = multiFileInfo("My Album (2020)", 16_384,
                file(1, "...", "..hidden", "a.b.c"), file(1, ".config", "x y"), file(1, "ünïcødé ✓")).build();
        assertThat(Metainfo.parse(torrent(info)).info().files()).hasSize(3);
    }
}
