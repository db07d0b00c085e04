package dev.bittern.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestContentTest {
    @TempDir
    Path tmp;

    @Test
    void sameSeedGivesSameBytesAndTreesCompareEqual() {
        Map<String, Long> files = Map.of("a.bin", 70_000L, "sub/b.bin", 1L, "sub/c.bin", 0L);
        Path one = TestContent.randomTree(tmp.resolve("one"), files, 42);
        Path two = TestContent.randomTree(tmp.resolve("two"), files, 42);
        assertThat(TestContent.difference(one, two)).isNull();
        TestContent.assertSameContent(one, two);
    }

    @Test
    void differenceNamesTheFirstDifferingByte() throws IOException {
        Path a = TestContent.randomFile(tmp.resolve("a.bin"), 100_000, 1);
        Path b = tmp.resolve("b.bin");
        byte[] bytes = Files.readAllBytes(a);
        bytes[65_537] ^= 1;
        Files.write(b, bytes);
        assertThatThrownBy(() -> TestContent.assertSameContent(a, b))
                .isInstanceOf(AssertionError.class).hasMessageContaining("first differing byte at offset 65537");
    }

    @Test
    void differenceNamesMissingAndUnexpectedFiles() {
        Path one = TestContent.randomTree(tmp.resolve("one"), Map.of("x", 10L, "y", 10L), 3);
        Path two = TestContent.randomTree(tmp.resolve("two"), Map.of("x", 10L, "z", 10L), 3);
        assertThat(TestContent.difference(one, two)).contains("missing [y]").contains("unexpected [z]");
    }

    @Test
    void mktorrentTorrentParsesWithThePieceCountOfTheContent() {
        Path data = TestContent.randomFile(tmp.resolve("d/data.bin"), 100_000, 9);
        TestContent.TestTorrent t = TestContent.mktorrent(data, tmp.resolve("d.torrent"), 32 * 1024, java.util.List.of("http://127.0.0.1:1/announce"));
        assertThat(t.metainfo().info().pieceCount()).isEqualTo(4);
        assertThat(t.metainfo().info().totalLength()).isEqualTo(100_000);
        assertThat(t.metainfo().announce()).hasValue("http://127.0.0.1:1/announce");
    }
}
