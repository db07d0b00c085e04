package dev.bittern.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TrackerCommandTest {
    private static String runCapturingErr(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cl = Main.commandLine();
        cl.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
        int code = cl.execute(args);
        return code + " " + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsTheOptions() {
        var cl = Main.commandLine();
        java.io.StringWriter out = new java.io.StringWriter();
        cl.setOut(new java.io.PrintWriter(out));
        assertThat(cl.execute("tracker", "--help")).isZero();
        assertThat(out.toString()).contains("--http-port", "--udp-port", "--bind", "--torrents", "--interval",
                "--allow-list", "--trust-ip-param");
    }

    @Test
    void badOptionsAreOneClearLine(@TempDir Path dir) throws IOException {
        assertThat(runCapturingErr("tracker", "--interval", "0"))
                .startsWith("1 ").contains("bittern tracker: --interval must be between 1 and 86400 seconds, got 0");
        assertThat(runCapturingErr("tracker", "--bind", "example.org")).contains("--bind example.org: not an IP address literal");
        assertThat(runCapturingErr("tracker", "--torrents", dir.resolve("missing").toString())).contains("not a directory");
        Path list = dir.resolve("allow.txt");
        Files.writeString(list, "# ok\n" + "ab".repeat(20) + "\nnot-hex\n");
        assertThat(runCapturingErr("tracker", "--allow-list", list.toString()))
                .contains("allow.txt line 3: expected 40 hex digits, got 'not-hex'");
        assertThat(runCapturingErr("tracker", "--no-http", "--no-udp")).contains("nothing to serve");
    }

    @Test
    void servesUntilSigtermThenStopsCleanly(@TempDir Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "dev.bittern.cli.Main", "tracker", "--http-port", "0", "--udp-port", "0", "--bind", "127.0.0.1"));
        Path log = dir.resolve("tracker.log");
        // A file, not a pipe: Process.destroy() closes the pipes, and the last line comes after it.
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            List<String> lines = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (lines.size() < 2 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(50);
                lines = Files.readAllLines(log);
            }
            assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
            assertThat(lines.get(0)).matches("bittern tracker: HTTP on http://127\\.0\\.0\\.1:\\d+/announce");
            assertThat(lines.get(1)).matches("bittern tracker: UDP on udp://127\\.0\\.0\\.1:\\d+/announce");
            Matcher m = Pattern.compile("http://(\\S+)/announce").matcher(lines.get(0));
            assertThat(m.find()).isTrue();
            try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create("http://" + m.group(1) + "/metrics"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(metrics.body()).contains("bittern_tracker_torrents 0");
            }
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
            assertThat(Files.readAllLines(log)).last().isEqualTo("bittern tracker: stopped");
            // 143 = 128 + SIGTERM: the JVM's exit status after running the shutdown hooks.
            assertThat(p.exitValue()).isEqualTo(143);
        } finally {
            p.destroyForcibly();
        }
    }
}
