package dev.bittern.interop;

import dev.bittern.interop.TestContent.TestTorrent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A libtorrent 2.0 peer (python3-libtorrent run by {@code /usr/bin/python3}) seeding or
 * downloading one torrent on 127.0.0.1, driven by the test resource {@code interop/lt_peer.py}.
 *
 * <p>Set up for a loopback swarm: DHT, LSD, UPnP, NAT-PMP and uTP off; several connections per
 * IP allowed; trackers ignored unless {@link Options#withTrackers()}; rate limits apply to
 * loopback peers too: by default libtorrent exempts local peers, so the script sets
 * {@code ignore_limits_on_local_network=False} (deprecated, still honoured by 2.0.8) and also
 * maps every address to the global peer class (the 2.0 way).
 * Peers from {@link Options#connectTo} are dialled again every 2 s while none is connected,
 * with a plain-text handshake (libtorrent's default is to try an MSE-encrypted one first and
 * fall back later); incoming connections may be plain or encrypted.
 *
 * <p>The log is written next to the data folder: {@code <parent of dir>/libtorrent-<mode>-<n>.log}.
 */
public final class LibtorrentPeer implements AutoCloseable {
    private static final Pattern PEER = Pattern.compile("^peer ([0-9a-f]{40}) (\\d+) (\\d+)$");
    private static final Pattern PROGRESS = Pattern.compile("^progress (\\S+) (\\d+) (\\d+) (\\d+) (\\d+)$");
    private static final Duration START = Duration.ofSeconds(20);
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ExternalProcess process;
    private int port;

    /**
     * @param port          listen port on 127.0.0.1; 0 = any free port (read back by {@link #port()})
     * @param connectTo     peers to dial (e.g. a Bittern peer, transmission, aria2)
     * @param useTrackers   announce to the torrent's trackers (off: peers only from connectTo/incoming)
     * @param uploadLimit   bytes/s, 0 = unlimited
     * @param downloadLimit bytes/s, 0 = unlimited
     * @param lifetime      the script exits by itself after this long, even if the test JVM died
     */
    public record Options(int port, List<InetSocketAddress> connectTo, boolean useTrackers,
                          long uploadLimit, long downloadLimit, Duration lifetime) {
        public Options {
            connectTo = List.copyOf(connectTo);
        }

        public static Options defaults() {
            return new Options(0, List.of(), false, 0, 0, Duration.ofMinutes(5));
        }

        public Options withPort(int p) {
            return new Options(p, connectTo, useTrackers, uploadLimit, downloadLimit, lifetime);
        }

        public Options connectTo(InetSocketAddress... peers) {
            List<InetSocketAddress> all = new ArrayList<>(connectTo);
            all.addAll(List.of(peers));
            return new Options(port, all, useTrackers, uploadLimit, downloadLimit, lifetime);
        }

        public Options withTrackers() {
            return new Options(port, connectTo, true, uploadLimit, downloadLimit, lifetime);
        }

        public Options uploadLimit(long bytesPerSecond) {
            return new Options(port, connectTo, useTrackers, bytesPerSecond, downloadLimit, lifetime);
        }

        public Options downloadLimit(long bytesPerSecond) {
            return new Options(port, connectTo, useTrackers, uploadLimit, bytesPerSecond, lifetime);
        }

        public Options lifetime(Duration d) {
            return new Options(port, connectTo, useTrackers, uploadLimit, downloadLimit, d);
        }
    }

    /**
     * The last "progress" line: percent done (libtorrent counts received, not yet verified
     * blocks too), payload rates in bytes/s, connected peers, and hash-verified pieces.
     */
    public record Progress(double percent, long downloadRate, long uploadRate, int peers, int verifiedPieces) {
    }

    /** Payload bytes this libtorrent peer received from ({@code downloaded}) and sent to ({@code uploaded}) one remote peer. */
    public record Traffic(long downloaded, long uploaded) {
    }

    private LibtorrentPeer(ExternalProcess process) {
        this.process = process;
    }

    /** Seeds {@code torrent} from {@code dataDir} (the folder holding the torrent's name); checks the data first. */
    public static LibtorrentPeer seed(Path torrent, Path dataDir, Options options) {
        return start("seed", torrent, dataDir, options);
    }

    /** Downloads {@code torrent} into {@code saveDir}. */
    public static LibtorrentPeer download(Path torrent, Path saveDir, Options options) {
        return start("download", torrent, saveDir, options);
    }

    private static LibtorrentPeer start(String mode, Path torrent, Path dir, Options o) {
        String python = InteropTools.require(InteropTools.LIBTORRENT);
        Path work = dir.toAbsolutePath().getParent();
        String tag = "libtorrent-" + mode + "-" + COUNTER.incrementAndGet();
        Path script = script(work);
        List<String> cmd = new ArrayList<>(List.of(python, script.toString(), "run",
                "--torrent", torrent.toAbsolutePath().toString(), "--dir", dir.toAbsolutePath().toString(),
                "--port", Integer.toString(o.port()),
                "--upload-limit", Long.toString(o.uploadLimit()), "--download-limit", Long.toString(o.downloadLimit()),
                "--timeout", Long.toString(o.lifetime().toSeconds())));
        if (mode.equals("seed")) {
            cmd.add("--seed");
        }
        if (o.useTrackers()) {
            cmd.add("--tracker");
        }
        for (InetSocketAddress p : o.connectTo()) {
            cmd.addAll(List.of("--peer", p.getAddress().getHostAddress() + ":" + p.getPort()));
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        ExternalProcess p = ExternalProcess.start(tag, cmd, work, work.resolve(tag + ".log"));
        LibtorrentPeer peer = new LibtorrentPeer(p);
        try {
            peer.port();
        } catch (AssertionError e) {
            p.close();
            throw e;
        }
        return peer;
    }

    /**
     * Makes a v1-only .torrent of {@code content} with libtorrent's create_torrent (any
     * power-of-two piece length from 16 KiB; trackers one per tier; may be empty).
     */
    public static TestTorrent createTorrent(Path content, Path torrentFile, int pieceLength, List<String> trackers) {
        String python = InteropTools.require(InteropTools.LIBTORRENT);
        Path work = torrentFile.toAbsolutePath().getParent();
        List<String> cmd = new ArrayList<>(List.of(python, script(work).toString(), "create",
                "--path", content.toAbsolutePath().toString(), "--out", torrentFile.toAbsolutePath().toString(),
                "--piece-length", Integer.toString(pieceLength)));
        for (String t : trackers) {
            cmd.addAll(List.of("--tracker", t));
        }
        Path log = work.resolve(torrentFile.getFileName() + ".create.log");
        try (ExternalProcess p = ExternalProcess.start("libtorrent create_torrent", cmd, work, log)) {
            int exit = p.awaitExit(Duration.ofSeconds(60));
            if (exit != 0) {
                throw p.failure("failed with exit code " + exit);
            }
        }
        return TestContent.load(torrentFile);
    }

    /** The real listen port on 127.0.0.1 (waits for the "listening" line the first time). */
    public int port() {
        if (port == 0) {
            port = Integer.parseInt(process.awaitLine("^listening (\\d+)$", START).group(1));
        }
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** Waits until every piece is downloaded and hash-checked (a seeder says so after its check). */
    public void awaitFinished(Duration timeout) {
        process.awaitLine("^finished$", timeout);
    }

    /** Waits until the torrent is in libtorrent's seeding state. */
    public void awaitSeeding(Duration timeout) {
        process.awaitLine("^seeding$", timeout);
    }

    /** Waits until libtorrent reports a piece that failed its SHA-1 check; returns the piece index. */
    public int awaitHashFailure(Duration timeout) {
        return Integer.parseInt(process.awaitLine("^hashfail (\\d+)$", timeout).group(1));
    }

    /** The last progress line printed, or all zeros before the first. */
    public Progress lastProgress() {
        List<String> lines = process.lines();
        for (int i = lines.size() - 1; i >= 0; i--) {
            Matcher m = PROGRESS.matcher(lines.get(i));
            if (m.matches()) {
                return new Progress(Double.parseDouble(m.group(1)), Long.parseLong(m.group(2)),
                        Long.parseLong(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
            }
        }
        return new Progress(0, 0, 0, 0, 0);
    }

    /**
     * Per remote peer id (40 hex digits): the largest payload totals libtorrent reported for a
     * connection to it so far (the script prints them every progress interval and at exit; a
     * connection that ended between two reports may miss its last bytes, and a reconnect
     * starts from zero again, so these are lower bounds).
     */
    public Map<String, Traffic> trafficByPeer() {
        Map<String, Traffic> out = new HashMap<>();
        for (String line : process.lines()) {
            Matcher m = PEER.matcher(line);
            if (m.matches()) {
                Traffic t = new Traffic(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
                out.merge(m.group(1), t, (a, b) -> new Traffic(Math.max(a.downloaded(), b.downloaded()),
                        Math.max(a.uploaded(), b.uploaded())));
            }
        }
        return out;
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }

    /** Copies lt_peer.py out of the classpath (it may sit inside the core test-jar) into {@code work}. */
    private static Path script(Path work) {
        Path target = work.resolve("lt_peer.py");
        try (InputStream in = LibtorrentPeer.class.getResourceAsStream("/interop/lt_peer.py")) {
            if (in == null) {
                throw new IllegalStateException("test resource /interop/lt_peer.py is not on the classpath (bittern-core test-jar)");
            }
            Files.createDirectories(work);
            Path tmp = Files.createTempFile(work, "lt_peer", ".py.tmp");
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy lt_peer.py into " + work, e);
        }
    }
}
