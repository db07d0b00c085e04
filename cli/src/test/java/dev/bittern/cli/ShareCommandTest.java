package dev.bittern.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bittern share}: torrent URL and magnet printed; a plain download of that URL finds the seed via the tracker. */
class ShareCommandTest {
    @Test
    @Timeout(120)
    void sharedFileDownloadsFromItsTorrentUrlThroughTheEmbeddedTracker(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("share"));
        byte[] data = new byte[2 * 1024 * 1024 + 17];
        new Random(3).nextBytes(data);
        Path file = Files.write(dir.resolve("holiday.bin"), data);
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(new StringWriter(), true));
        Thread sharer = Thread.ofPlatform().start(() -> cl.execute("share", file.toString(), "--bind", "127.0.0.1"));
        try {
            Matcher url = awaitLine(out, Pattern.compile("torrent: (http://127\\.0\\.0\\.1:\\d+/holiday\\.bin\\.torrent)"));
            Matcher magnet = awaitLine(out, Pattern.compile("magnet:  (magnet:\\?xt=urn:btih:[0-9a-f]{40}\\S*)"));
            assertThat(magnet.group(1)).contains("dn=holiday.bin");
            CliRun run = CliRun.of("download", url.group(1), "-o", tmp.resolve("got").toString(), "--bind", "127.0.0.1",
                    "--exit-on-complete");
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(Files.mismatch(file, tmp.resolve("got").resolve("holiday.bin"))).isEqualTo(-1L);
        } finally {
            sharer.interrupt();
            sharer.join(30_000);
        }
        assertThat(sharer.isAlive()).isFalse();
    }

    private static Matcher awaitLine(StringWriter out, Pattern p) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Matcher m = p.matcher(out.toString());
            if (m.find()) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no line matching " + p + " in: " + out);
    }
}
