package dev.bittern.create;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentScannerTest {
    @TempDir
    Path tmp;

    private Path file(String relative, int size) throws Exception {
        Path p = tmp.resolve(relative);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[size]);
        return p;
    }

    private static List<String> paths(Content c) {
        return c.files().stream().map(ContentFile::displayPath).toList();
    }

    @Test
    void filesAreOrderedByWholePathBytesLikeMktorrentsStrcmp() throws Exception {
        for (String f : List.of("c/a/x", "c/a-b/y", "c/a.d/q", "c/a b", "c/b.txt", "c/B", "c/zz/deep/er")) {
            file(f, 3);
        }

        Content c = ContentScanner.scan(tmp.resolve("c"));

        // '-' (0x2d) and '.' (0x2e) sort before '/' (0x2f); 'B' before 'a'.
        assertThat(paths(c)).containsExactly("B", "a b", "a-b/y", "a.d/q", "a/x", "b.txt", "zz/deep/er");
        assertThat(c.multiFile()).isTrue();
        assertThat(c.name()).isEqualTo("c");
        assertThat(c.totalLength()).isEqualTo(21);
    }

    @Test
    void orderComparesUtf8BytesUnsignedNotUtf16Units() {
        // Strings only: non-ASCII file names need a UTF-8 locale, which CI may not have.
        // U+FF5E is EF BD 9E in UTF-8, the emoji U+1F600 F0 9F 98 80; in UTF-16 the emoji (D83D...) sorts first.
        List<List<String>> names = new ArrayList<>(List.of(
                List.of("\uD83D\uDE00"), List.of("\uFF5E"), List.of("\u00e4"), List.of("z"), List.of("Z")));

        names.sort(ContentScanner.TORRENT_ORDER);

        assertThat(names).containsExactly(List.of("Z"), List.of("z"), List.of("\u00e4"), List.of("\uFF5E"), List.of("\uD83D\uDE00"));
    }

    @Test
    void orderIsTheSameWhateverTheCreationOrder() throws Exception {
        file("one/z", 1);
        file("one/a", 1);
        file("one/m/k", 1);
        file("two/m/k", 1);
        file("two/a", 1);
        file("two/z", 1);

        assertThat(paths(ContentScanner.scan(tmp.resolve("one")))).isEqualTo(paths(ContentScanner.scan(tmp.resolve("two"))));
    }

    @Test
    void hiddenFilesAndEmptyFilesAreIncludedEmptyFoldersAreNot() throws Exception {
        file("d/.hidden", 2);
        file("d/sub/.also", 2);
        file("d/zero", 0);
        Files.createDirectories(tmp.resolve("d/empty/deeper"));

        assertThat(paths(ContentScanner.scan(tmp.resolve("d")))).containsExactly(".hidden", "sub/.also", "zero");
    }

    @Test
    void aRegularFileGivesSingleFileContentNamedAfterIt() throws Exception {
        Path f = file("movie.mkv", 10);

        Content c = ContentScanner.scan(f);

        assertThat(c.multiFile()).isFalse();
        assertThat(c.name()).isEqualTo("movie.mkv");
        assertThat(paths(c)).containsExactly("movie.mkv");
    }

    @Test
    void aFolderWithOneFileIsStillMultiFile() throws Exception {
        file("solo/only", 5);

        assertThat(ContentScanner.scan(tmp.resolve("solo")).multiFile()).isTrue();
    }

    @Test
    void symbolicLinksAreFollowed() throws Exception {
        Path target = file("elsewhere/data", 7);
        Files.createDirectories(tmp.resolve("d"));
        Files.createSymbolicLink(tmp.resolve("d/link"), target);
        Files.createSymbolicLink(tmp.resolve("d/dirlink"), target.getParent());

        Content c = ContentScanner.scan(tmp.resolve("d"));

        assertThat(paths(c)).containsExactly("dirlink/data", "link");
        assertThat(c.totalLength()).isEqualTo(14);
    }

    @Test
    void aDanglingLinkIsAnErrorNamingIt() throws Exception {
        file("d/ok", 1);
        Files.createSymbolicLink(tmp.resolve("d/broken"), tmp.resolve("nowhere"));

        assertThatThrownBy(() -> ContentScanner.scan(tmp.resolve("d")))
                .isInstanceOf(ContentException.class)
                .hasMessage(tmp.resolve("d/broken") + ": dangling symbolic link");
    }

    @Test
    void aLinkLoopIsAnError() throws Exception {
        file("d/ok", 1);
        Files.createSymbolicLink(tmp.resolve("d/loop"), tmp.resolve("d"));

        assertThatThrownBy(() -> ContentScanner.scan(tmp.resolve("d")))
                .isInstanceOf(ContentException.class)
                .hasMessageEndingWith("symbolic link loop");
    }

    @Test
    void namesOtherClientsCouldNotCreateSafelyAreRefused() throws Exception {
        file("d/back\\slash", 1);

        assertThatThrownBy(() -> ContentScanner.scan(tmp.resolve("d")))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("back\\slash")
                .hasMessageContaining("unsafe name for a torrent: separator '\\'");
    }

    @Test
    void missingPathIsOneClearError() {
        assertThatThrownBy(() -> ContentScanner.scan(tmp.resolve("nope")))
                .isInstanceOf(ContentException.class)
                .hasMessage(tmp.resolve("nope") + ": no such file or directory");
    }

    @Test
    void contentWithoutAnyBytesIsRefused() throws Exception {
        file("e/zero", 0);
        Files.createDirectories(tmp.resolve("nofiles/sub"));

        assertThatThrownBy(() -> ContentScanner.scan(tmp.resolve("e"))).hasMessageContaining("nothing to share");
        assertThatThrownBy(() -> ContentScanner.scan(tmp.resolve("e/zero"))).hasMessageContaining("nothing to share");
        assertThatThrownBy(() -> ContentScanner.scan(tmp.resolve("nofiles"))).hasMessageContaining("folder contains no files");
    }
}
