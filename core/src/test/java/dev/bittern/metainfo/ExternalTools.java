package dev.bittern.metainfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the reference tools (mktorrent, libtorrent via the system Python) for interop tests. */
final class ExternalTools {
    static final Path MKTORRENT = Path.of("/usr/bin/mktorrent");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private ExternalTools() {
    }

    /** Runs a command to completion (bounded to 60 s) and returns its stdout; fails clearly when it is missing or fails. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Path exe = Path.of(command.get(0));
        if (!Files.isExecutable(exe)) {
            throw new AssertionError(exe + " is not installed; this interop test needs it (see tools/install-peers.sh)");
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
        p.getOutputStream().close();
        // Drain stderr on its own thread so a chatty tool cannot block on a full pipe.
        StringBuilder err = new StringBuilder();
        Thread drain = Thread.ofVirtual().start(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                err.append("(stderr unreadable: ").append(e.getMessage()).append(')');
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish within 60 s");
        }
        drain.join(5_000);
        if (p.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + p.exitValue() + ": " + err);
        }
        return out;
    }

    /** mktorrent over {@code target}, writing {@code output}; extra options before the target. */
    static void mktorrent(Path target, Path output, String... options) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(MKTORRENT.toString(), "-o", output.toString()));
        cmd.addAll(List.of(options));
        cmd.add(target.toString());
        run(cmd);
    }

    /** libtorrent's view of a .torrent: info-hash, piece count, total size, file count, one per line. */
    static List<String> libtorrentInfo(Path torrent) throws IOException, InterruptedException {
        String script = "import sys, libtorrent as lt\n"
                + "ti = lt.torrent_info(sys.argv[1])\n"
                + "print(ti.info_hash())\n"
                + "print(ti.num_pieces())\n"
                + "print(ti.total_size())\n"
                + "print(ti.num_files())\n";
        return run(List.of(PYTHON.toString(), "-c", script, torrent.toString())).lines().toList();
    }
}
