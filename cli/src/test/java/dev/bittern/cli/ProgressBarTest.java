package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void rendersFractionSizesAndRate() {
        ProgressBar bar = new ProgressBar(new PrintWriter(new StringWriter()), "hashing", 2L << 30, true);

        assertThat(bar.render(1L << 30, 1_000_000_000L))
                .isEqualTo("hashing [###############---------------]  50%  1.0 GiB / 2.0 GiB  1.0 GiB/s");
    }

    @Test
    void aDisabledBarPrintsNothing() {
        StringWriter sink = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(sink), "hashing", 100, false);

        bar.update(50);
        bar.finish(100);

        assertThat(sink.toString()).isEmpty();
    }

    @Test
    void anEnabledBarRedrawsInPlaceAndEndsTheLine() {
        StringWriter sink = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(sink), "x", 100, true);

        bar.update(10);
        bar.update(20); // within the redraw interval: skipped
        bar.finish(100);

        String printed = sink.toString();
        assertThat(printed).startsWith("\rx [###").contains(" 10%").doesNotContain(" 20%").endsWith("\n");
        assertThat(printed.substring(printed.lastIndexOf('\r'))).startsWith("\rx [" + "#".repeat(30) + "] 100%  100 B / 100 B");
    }

    @Test
    void sizesUseBinaryUnits() {
        assertThat(ProgressBar.bytes(512)).isEqualTo("512 B");
        assertThat(ProgressBar.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressBar.bytes(3L << 40)).isEqualTo("3.0 TiB");
    }
}
