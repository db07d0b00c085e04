package dev.bittern.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A transmission-cli 3.00 peer downloading or seeding one torrent, listening on a free
 * loopback port, with its own config dir ({@code -g}) so instances never share state.
 *
 * <p>What works (measured by {@code TransmissionPeerTest}): transmission must BE DIALLED. It
 * drops 127.0.0.0/8 addresses learnt from trackers and PEX, so give the other side
 * {@link #address()} to connect to (e.g. {@code LibtorrentPeer.Options.connectTo}). After the
 * connection it waits ~10 s (its choke round) before it requests or unchokes: a 2 MiB download
 * from libtorrent takes ~12-15 s, serving 1 MiB to libtorrent ~15-25 s on this loaded machine,
 * so give its waits 60 s.
 * Completion: the log line {@code State changed from "Incomplete" to "Complete"} (downloader) or
 * a {@code Seeding, uploading to ...} progress line (a seeder, after verifying its data).
 *
 * <p>settings.json turns off DHT, LPD, uTP, PEX, port mapping, blocklist and the RPC server
 * (its fixed port 9091 would clash between parallel tests); encryption is "preferred" (1),
 * so plain-text peers such as Bittern are accepted.
 */
public final class TransmissionPeer implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String COMPLETE = "State changed from \"Incomplete\" to \"Complete\"|^Seeding";

    private final ExternalProcess process;
    private final int port;

    private TransmissionPeer(ExternalProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Downloads {@code torrent} into {@code downloadDir}. */
    public static TransmissionPeer download(Path torrent, Path downloadDir) {
        return start("download", torrent, downloadDir);
    }

    /** Seeds {@code torrent} from {@code dataDir} (transmission verifies the data first; see {@link #awaitComplete}). */
    public static TransmissionPeer seed(Path torrent, Path dataDir) {
        return start("seed", torrent, dataDir);
    }

    private static TransmissionPeer start(String mode, Path torrent, Path dir) {
        String binary = InteropTools.require(InteropTools.TRANSMISSION);
        String tag = "transmission-" + mode + "-" + COUNTER.incrementAndGet();
        Path work = dir.toAbsolutePath().getParent();
        Path config = work.resolve(tag + "-config");
        int port = FreePorts.tcp();
        try {
            Files.createDirectories(config);
            Files.createDirectories(dir);
            Files.writeString(config.resolve("settings.json"), """
                    {
                      "bind-address-ipv4": "127.0.0.1",
                      "bind-address-ipv6": "::1",
                      "dht-enabled": false,
                      "lpd-enabled": false,
                      "utp-enabled": false,
                      "pex-enabled": false,
                      "port-forwarding-enabled": false,
                      "blocklist-enabled": false,
                      "rpc-enabled": false,
                      "encryption": 1,
                      "peer-port-random-on-start": false,
                      "message-level": 2
                    }
                    """, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare transmission config in " + config, e);
        }
        List<String> cmd = List.of(binary, "-g", config.toString(), "-p", Integer.toString(port),
                "-w", dir.toAbsolutePath().toString(), "-M", "-B", torrent.toAbsolutePath().toString());
        ExternalProcess p = ExternalProcess.start(tag, cmd, work, work.resolve(tag + ".log"));
        TransmissionPeer peer = new TransmissionPeer(p, port);
        try {
            p.awaitLine("Transmission .* started", Duration.ofSeconds(20));
        } catch (AssertionError e) {
            p.close();
            throw e;
        }
        return peer;
    }

    public int port() {
        return port;
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    /** Waits until transmission has every piece: download finished, or a seeder's data verified. */
    public void awaitComplete(Duration timeout) {
        process.awaitLine(COMPLETE, timeout);
    }

    public ExternalProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
