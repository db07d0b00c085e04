package dev.bittern.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The external clients interop tests run against. {@link #require} fails (never skips: the
 * team rule is that a missing interop peer is a broken test machine, not a pass).
 */
public final class InteropTools {
    /** The Debian python with python3-libtorrent; the pyenv python3 on PATH lacks the module. */
    public static final String PYTHON = "/usr/bin/python3";
    public static final String LIBTORRENT = "libtorrent";
    public static final String TRANSMISSION = "transmission-cli";
    public static final String ARIA2 = "aria2c";
    public static final String OPENTRACKER = "opentracker";
    public static final String MKTORRENT = "mktorrent";

    private static final Map<String, String> PACKAGES = Map.of(
            LIBTORRENT, "python3-libtorrent", TRANSMISSION, "transmission-cli", ARIA2, "aria2",
            OPENTRACKER, "opentracker", MKTORRENT, "mktorrent");
    private static final Map<String, String> CHECKED = new ConcurrentHashMap<>();

    private InteropTools() {
    }

    /**
     * Returns the executable to run for {@code tool} (one of the constants above; for
     * {@link #LIBTORRENT} the python to run lt_peer.py with), or fails with
     * "interop peer X is missing: run ./run-tests (installs it) or apt-get install Y".
     */
    public static String require(String tool) {
        String pkg = PACKAGES.get(tool);
        if (pkg == null) {
            throw new IllegalArgumentException("unknown interop tool " + tool + "; known: " + PACKAGES.keySet());
        }
        return CHECKED.computeIfAbsent(tool, t -> locate(t, pkg));
    }

    private static String locate(String tool, String pkg) {
        String missing = "interop peer " + tool + " is missing: run ./run-tests (installs it) or apt-get install " + pkg;
        if (tool.equals(LIBTORRENT)) {
            if (!Files.isExecutable(Path.of(PYTHON))) {
                throw new AssertionError(missing + " (no " + PYTHON + ")");
            }
            String problem = importProblem();
            if (problem != null) {
                throw new AssertionError(missing + " (" + PYTHON + " -c 'import libtorrent' failed: " + problem + ")");
            }
            return PYTHON;
        }
        for (String dir : new String[] {"/usr/bin/", "/usr/local/bin/", "/usr/sbin/"}) {
            if (Files.isExecutable(Path.of(dir + tool))) {
                return dir + tool;
            }
        }
        throw new AssertionError(missing);
    }

    private static String importProblem() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import libtorrent").redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "no answer within 20 s";
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.exitValue() == 0 ? null : out;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
