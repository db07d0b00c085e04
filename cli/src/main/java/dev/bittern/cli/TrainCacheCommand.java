package dev.bittern.cli;

import dev.bittern.swarm.EngineSwarmPeers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code bittern train-cache DIR} (hidden): the training run behind the launcher's start-up cache.
 * The JDK's AOT cache (JEP 483/514/515) holds the classes that one training JVM loaded and linked,
 * and the method profiles it gathered. Trained by {@code create} alone, it left a download's own
 * path (sessions, wire, engine, storage, the JDK's sockets and virtual threads) to be loaded,
 * linked and profiled again by every run; this run does in one JVM, on loopback, what users run:
 * create a torrent, seed it, and download it with {@code --exit-on-complete}, each through its
 * command line. Measured in docs/benchmarks.md ("Session 6": a 1 GiB download about 0.2-0.3 s and
 * 0.3-0.4 CPU-s faster).
 */
@Command(name = "train-cache", hidden = true,
        description = "Internal: the training run of ./bittern's start-up cache (creates, seeds and downloads a small torrent in DIR).")
final class TrainCacheCommand implements Callable<Integer> {
    /** Enough pieces (256 KiB each) for the transfer path to get hot and profiled. */
    private static final int SIZE = 32 << 20;
    private static final long TIMEOUT_SECONDS = 60;

    @Parameters(index = "0", paramLabel = "DIR", description = "an empty scratch folder")
    Path dir;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Path seedDir = Files.createDirectories(dir.resolve("seed"));
        Path file = EngineSwarmPeers.randomFile(seedDir.resolve("train.bin"), SIZE);
        Path torrent = dir.resolve("train.torrent");
        // A tracker and a piece length, as users give them (the classes that parse them get cached too).
        int code = Main.run("create", file.toString(), "-o", torrent.toString(),
                "-t", "http://127.0.0.1:6969/announce", "-l", "18");
        if (code != 0) {
            throw new UserError("training: create failed (exit " + code + ")");
        }
        // The seed listens on a port the system picks and names it in its start line.
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        CommandLine seed = Main.commandLine("seed");
        seed.setErr(new PrintWriter(new PortWatcher(listening), true));
        Thread seeder = Thread.ofPlatform().name("train-seed").start(() -> {
            int exit = seed.execute("seed", torrent.toString(), seedDir.toString(), "--bind", "127.0.0.1", "--port", "0",
                    "--no-trackers");
            listening.completeExceptionally(new UserError("training: the seed stopped (exit " + exit + ")"));
        });
        try {
            int port = listening.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            Path out = dir.resolve("download");
            code = Main.run("download", torrent.toString(), "-o", out.toString(), "--peer", "127.0.0.1:" + port,
                    "--bind", "127.0.0.1", "--no-trackers", "--exit-on-complete");
            if (code != 0 || Files.mismatch(file, out.resolve(file.getFileName())) != -1) {
                throw new UserError("training: the download failed (exit " + code + ")");
            }
            return 0;
        } catch (ExecutionException e) {
            throw new UserError(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new UserError("training: the seed did not start within " + TIMEOUT_SECONDS + " s");
        } finally {
            seeder.interrupt(); // the seed's loop takes an interrupt as Ctrl-C
            seeder.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        }
    }

    /** Completes {@code port} with N from the seed's "... on port N" line; keeps nothing else. */
    private static final class PortWatcher extends Writer {
        private static final String MARKER = " on port ";
        private final CompletableFuture<Integer> port;
        private final StringBuilder line = new StringBuilder();

        PortWatcher(CompletableFuture<Integer> port) {
            this.port = port;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    int at = line.lastIndexOf(MARKER);
                    if (at >= 0) {
                        try {
                            port.complete(Integer.parseInt(line.substring(at + MARKER.length()).trim()));
                        } catch (NumberFormatException e) {
                            port.completeExceptionally(new UserError("training: no port in the seed's line: " + line));
                        }
                    }
                    line.setLength(0);
                } else if (line.length() < 4096) {
                    line.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
