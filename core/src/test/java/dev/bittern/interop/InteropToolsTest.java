package dev.bittern.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class InteropToolsTest {
    @Test
    void everyInteropPeerIsInstalledAsAnExecutable() {
        for (String tool : new String[] {InteropTools.TRANSMISSION, InteropTools.ARIA2, InteropTools.OPENTRACKER, InteropTools.MKTORRENT}) {
            assertThat(Files.isExecutable(Path.of(InteropTools.require(tool)))).as(tool).isTrue();
        }
        assertThat(InteropTools.require(InteropTools.LIBTORRENT)).isEqualTo("/usr/bin/python3");
    }

    @Test
    void unknownToolIsRejectedNamingTheKnownOnes() {
        assertThatThrownBy(() -> InteropTools.require("utorrent"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("utorrent").hasMessageContaining("aria2c");
    }
}
