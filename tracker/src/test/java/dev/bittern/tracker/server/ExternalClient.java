package dev.bittern.tracker.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.fail;

/** Runs a real BitTorrent client as a child process for interop tests; output goes to a log file. */
final class ExternalClient implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ExternalClient(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Fails the test (never skips) when the client is not installed. */
    static void requireInstalled(String executable, String hint) {
        if (!Files.isExecutable(Path.of(executable))) {
            fail(executable + " is missing; the interop tests need it (" + hint + ")");
        }
    }

    static ExternalClient start(Path log, Path workDir, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new ExternalClient(p, log);
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    Process process() {
        return process;
    }

    /** Waits (bounded) for the process to exit by itself; returns its exit code or fails with the log. */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            fail("process did not finish within " + seconds + " s; its output:\n" + output());
        }
        return process.exitValue();
    }

    /** Polls {@code condition} every 100 ms for at most {@code seconds}. */
    static boolean waitUntil(BooleanSupplier condition, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(100);
        }
        return condition.getAsBoolean();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** SIGTERM first (clients send their "stopped" announce then), SIGKILL if that does not end it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
