package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.time.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResumeWriterTest {
    private final VirtualClock clock = new VirtualClock();
    private int saves;
    private final ResumeWriter writer = new ResumeWriter(clock, 3, Duration.ofSeconds(5), () -> saves++);

    @Test
    void savesAfterEveryNVerifiedPieces() throws IOException {
        assertThat(writer.pieceVerified()).isFalse();
        assertThat(writer.pieceVerified()).isFalse();
        assertThat(writer.pieceVerified()).isTrue();
        assertThat(saves).isEqualTo(1);
        assertThat(writer.nextDeadlineNanos()).isEmpty();
    }

    @Test
    void savesAFewSecondsAfterTheFirstUnsavedPiece() throws IOException {
        clock.advance(Duration.ofSeconds(1));
        writer.pieceVerified();
        assertThat(writer.nextDeadlineNanos()).hasValue(Duration.ofSeconds(6).toNanos());
        clock.advance(Duration.ofSeconds(4));
        assertThat(writer.poll()).isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(writer.poll()).isTrue();
        assertThat(saves).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(writer.poll()).as("nothing new to save").isFalse();
    }

    @Test
    void flushSavesOnlyWhenSomethingIsUnsaved() throws IOException {
        assertThat(writer.flush()).isFalse();
        writer.pieceVerified();
        assertThat(writer.flush()).isTrue();
        assertThat(saves).isEqualTo(1);
    }

    @Test
    void aFailedSaveIsRetried() throws IOException {
        int[] attempts = {0};
        ResumeWriter failing = new ResumeWriter(clock, 1, Duration.ofSeconds(5), () -> {
            if (attempts[0]++ == 0) {
                throw new IOException("disk full");
            }
        });
        assertThatThrownBy(failing::pieceVerified).isInstanceOf(IOException.class);
        assertThat(failing.unsavedPieces()).isEqualTo(1);
        assertThat(failing.poll()).isTrue();
        assertThat(failing.unsavedPieces()).isZero();
    }
}
