package dev.bittern.interop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An aria2c 1.36 peer downloading or seeding one .torrent on a free loopback port, with DHT,
 * LPD and PEX off.
 *
 * <p>How aria2c meets a loopback peer (both measured by {@code Aria2PeerTest}): aria2c has no
 * option to dial a given peer for a torrent, but (1) it accepts incoming connections, so the
 * other side can dial {@link #address()}; and (2) unlike transmission it does connect to
 * 127.0.0.1 peers returned by a tracker, so an {@link Opentracker} in the .torrent's announce
 * URL works too (pass {@code useTrackers=true} to the other client).
 *
 * <p>A downloader runs with {@code --seed-time=0}: it exits with code 0 once the download is
 * complete ("Download complete: ..." in the log). A seeder runs with
 * {@code --check-integrity=true --seed-ratio=0.0} and keeps seeding until {@link #close()}.
 */
public final class Aria2Peer implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ExternalProcess process;
    private final int port;

    private Aria2Peer(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Downloads {@code torrent} into {@code downloadDir}, then exits. */
    public static Aria2Peer download(Path torrent, Path downloadDir) {
        return start("download", torrent, downloadDir, List.of("--seed-time=0"));
    }

    /** Checks the data in {@code dataDir} and seeds it until closed. */
    public static Aria2Peer seed(Path torrent, Path dataDir) {
        return start("seed", torrent, dataDir, List.of("--check-integrity=true", "--seed-ratio=0.0", "--bt-seed-unverified=false"));
    }

    private static Aria2Peer start(String mode, Path torrent, Path dir, List<String> modeOptions) {
        String binary = InteropTools.require(InteropTools.ARIA2);
        String tag = "aria2-" + mode + "-" + COUNTER.incrementAndGet();
        Path work = dir.toAbsolutePath().getParent();
        int port = FreePorts.tcp();
        List<String> cmd = new ArrayList<>(List.of(binary, "--dir=" + dir.toAbsolutePath(),
                "--listen-port=" + port, "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
                "--enable-peer-exchange=false", "--file-allocation=none", "--summary-interval=1",
                "--console-log-level=notice", "--no-conf=true", "--disable-ipv6=true", "--bt-stop-timeout=0"));
        cmd.addAll(modeOptions);
        cmd.add(torrent.toAbsolutePath().toString());
        return new Aria2Peer(ExternalProcess.start(tag, cmd, work, work.resolve(tag + ".log")), port);
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Waits for "Download complete"; for a seeder, that its check found all data (it then seeds). */
    public void awaitComplete(Duration timeout) {
        process.awaitLine("Download complete:|SEED\\(", timeout);
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
