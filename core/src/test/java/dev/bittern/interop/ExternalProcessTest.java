package dev.bittern.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalProcessTest {
    @TempDir
    Path tmp;

    @Test
    void awaitLineFindsLinesSeparatedByCarriageReturns() {
        try (ExternalProcess p = ExternalProcess.start("sh", List.of("/bin/sh", "-c", "printf 'a 1\\rprogress 50\\rdone 7\\n'; sleep 30"), tmp, tmp.resolve("sh.log"))) {
            assertThat(p.awaitLine("^done (\\d+)$", Duration.ofSeconds(10)).group(1)).isEqualTo("7");
            assertThat(p.tail(2)).isEqualTo("progress 50\ndone 7");
        }
    }

    @Test
    void awaitLineFailsWithTheLogTailWhenTheProcessExits() {
        try (ExternalProcess p = ExternalProcess.start("sh", List.of("/bin/sh", "-c", "echo broken setup; exit 3"), tmp, tmp.resolve("sh.log"))) {
            assertThatThrownBy(() -> p.awaitLine("never", Duration.ofSeconds(10)))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("sh exited with 3").hasMessageContaining("broken setup");
        }
    }

    @Test
    void awaitLineFailsAfterTheTimeout() {
        try (ExternalProcess p = ExternalProcess.start("sh", List.of("/bin/sh", "-c", "echo waiting; sleep 30"), tmp, tmp.resolve("sh.log"))) {
            assertThatThrownBy(() -> p.awaitLine("never", Duration.ofMillis(300)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("within 300 ms").hasMessageContaining("waiting");
        }
    }

    @Test
    void closeEndsAProcessThatIgnoresStdin() {
        ExternalProcess p = ExternalProcess.start("sleep", List.of("/bin/sleep", "60"), tmp, tmp.resolve("sleep.log"));
        p.close();
        assertThat(p.isAlive()).isFalse();
    }
}
