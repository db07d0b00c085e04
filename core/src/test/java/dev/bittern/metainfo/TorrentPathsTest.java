package dev.bittern.metainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.metainfo.TorrentPaths.UnsafePathException;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TorrentPathsTest {
    private static final Path ROOT = Path.of("/srv/downloads/torrent");

    @Test
    void resolvesComponentsBelowTheRoot() {
        assertThat(TorrentPaths.resolve(ROOT, List.of("album", "disc 1", "01.flac")))
                .isEqualTo(Path.of("/srv/downloads/torrent/album/disc 1/01.flac"));
    }

    @Test
    void relativeRootIsMadeAbsolute() {
        Path p = TorrentPaths.resolve(Path.of("dl"), List.of("a"));
        assertThat(p).isAbsolute().isEqualTo(Path.of("dl").toAbsolutePath().normalize().resolve("a"));
    }

    @Test
    void refusesEscapesNamingThePathAndWhy() {
        assertThatThrownBy(() -> TorrentPaths.resolve(ROOT, List.of("a", "..", "..", "etc")))
                .isInstanceOf(UnsafePathException.class)
                .hasMessage("unsafe file path 'a/../../etc': path component '..' would leave the folder");
        assertThatThrownBy(() -> TorrentPaths.resolve(ROOT, List.of("/etc/passwd")))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("separator '/'");
        assertThatThrownBy(() -> TorrentPaths.resolve(ROOT, List.of()))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("empty path");
        assertThatThrownBy(() -> TorrentPaths.resolve(ROOT, List.of("D:", "x")))
                .isInstanceOf(UnsafePathException.class).hasMessageContaining("drive prefix");
    }

    @Test
    void veryDeepPathsResolveInLinearTime() {
        // 200k components: a per-component resolve (copying the path each time) would take minutes.
        List<String> deep = java.util.Collections.nCopies(200_000, "a");
        assertThat(TorrentPaths.resolve(ROOT, deep).getNameCount()).isEqualTo(ROOT.getNameCount() + 200_000);
    }

    @Property(tries = 2000)
    void resolvedPathsNeverLeaveTheRoot(@ForAll("componentLists") List<String> components) {
        Path resolved;
        try {
            resolved = TorrentPaths.resolve(ROOT, components);
        } catch (UnsafePathException refused) {
            return;
        }
        assertThat(resolved.startsWith(ROOT)).as("%s stays below %s", resolved, ROOT).isTrue();
        assertThat(resolved).isNotEqualTo(ROOT);
        assertThat(resolved.getNameCount()).isEqualTo(ROOT.getNameCount() + components.size());
    }

    @Provide
    Arbitrary<List<String>> componentLists() {
        // Characters that matter for paths, plus arbitrary ones (surrogates and non-ASCII included).
        Arbitrary<String> tricky = Arbitraries.strings()
                .withChars('.', '/', '\\', ':', '\0', 'a', 'C', ' ', '~', '\n', '\u202e')
                .ofMaxLength(5);
        Arbitrary<String> any = Arbitraries.strings().all().ofMaxLength(6);
        Arbitrary<String> special = Arbitraries.of("..", ".", "", "C:", "~", "...", "a/../..", "..\\x");
        return Arbitraries.oneOf(tricky, any, special).list().ofMaxSize(6);
    }
}
