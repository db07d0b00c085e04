package dev.bittern.cli;

import dev.bittern.time.Clock;
import dev.bittern.tracker.server.InfoHash;
import dev.bittern.tracker.server.TrackerConfig;
import dev.bittern.tracker.server.TrackerLimits;
import dev.bittern.tracker.server.TrackerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code bittern tracker}: runs an HTTP + UDP BitTorrent tracker until SIGINT/SIGTERM. */
@Command(name = "tracker", mixinStandardHelpOptions = true,
        description = {"Runs a BitTorrent tracker: HTTP announce and scrape (BEP 3, 7, 23, 48)",
                "and UDP (BEP 15). Also serves /stats (HTML) and /metrics (Prometheus);",
                "with --torrents, an index page at / and the files at /torrents/NAME.torrent.",
                "Stops cleanly on Ctrl-C or SIGTERM."})
public final class TrackerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "6969",
            description = "HTTP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--udp-port", paramLabel = "PORT", defaultValue = "6969",
            description = "UDP port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int udpPort;

    @Option(names = "--no-http", description = "Do not serve HTTP.")
    boolean noHttp;

    @Option(names = "--no-udp", description = "Do not serve UDP.")
    boolean noUdp;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Local address to listen on (an IP literal). Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--torrents", paramLabel = "DIR", description = "Host the .torrent files in DIR.")
    Path torrents;

    @Option(names = "--interval", paramLabel = "S", defaultValue = "1800",
            description = "Re-announce interval told to clients, seconds; silent peers expire after two. Default: ${DEFAULT-VALUE}.")
    int interval;

    @Option(names = "--allow-list", paramLabel = "FILE",
            description = "Track only the info-hashes in FILE (40 hex digits per line, # comments).")
    Path allowList;

    @Option(names = "--trust-ip-param",
            description = "Let an announce's ip parameter replace the connection's source address (only behind a trusted proxy).")
    boolean trustIp;

    @Option(names = "--max-torrents", paramLabel = "N", defaultValue = "1000000",
            description = "Torrents tracked at once; the least recently announced is dropped first. Default: ${DEFAULT-VALUE}.")
    int maxTorrents;

    @Option(names = "--max-peers", paramLabel = "N", defaultValue = "100000",
            description = "Peers per torrent (per address family); the oldest are dropped first. Default: ${DEFAULT-VALUE}.")
    int maxPeers;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        TrackerConfig config = config();
        TrackerServer server;
        try {
            server = TrackerServer.start(config, Clock.system());
        } catch (BindException e) {
            throw new UserError("cannot listen on " + bind + " (HTTP port " + httpPort + ", UDP port " + udpPort + "): "
                    + e.getMessage());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.close();
                // Printed here, not after await(): the JVM halts once the hooks finish.
                out.println("bittern tracker: stopped");
                out.flush();
            } catch (IOException e) {
                System.err.println("bittern tracker: error while stopping: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "tracker-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String host = config.bind().getHostAddress();
        host = host.contains(":") ? "[" + host + "]" : host;
        if (server.httpPort() >= 0) {
            out.println("bittern tracker: HTTP on http://" + host + ":" + server.httpPort() + "/announce");
        }
        if (server.udpPort() >= 0) {
            out.println("bittern tracker: UDP on udp://" + host + ":" + server.udpPort() + "/announce");
        }
        out.flush();
        // Runs until the JVM is asked to exit (SIGINT/SIGTERM); the hook closes the sockets.
        stopped.await();
        return 0;
    }

    private TrackerConfig config() throws IOException {
        if (noHttp && noUdp) {
            throw new UserError("--no-http and --no-udp together leave nothing to serve");
        }
        checkPort("--http-port", httpPort);
        checkPort("--udp-port", udpPort);
        if (interval < 1 || interval > 86_400) {
            throw new UserError("--interval must be between 1 and 86400 seconds, got " + interval);
        }
        if (maxTorrents < 1 || maxPeers < 1) {
            throw new UserError("--max-torrents and --max-peers must be at least 1");
        }
        if (torrents != null && !Files.isDirectory(torrents)) {
            throw new UserError("--torrents " + torrents + ": not a directory");
        }
        TrackerLimits limits = TrackerLimits.DEFAULT.withInterval(interval).withMaxTorrents(maxTorrents)
                .withMaxPeersPerTorrent(maxPeers);
        return new TrackerConfig(bindAddress(), noHttp ? -1 : httpPort, noUdp ? -1 : udpPort, Optional.ofNullable(torrents),
                allowList == null ? Optional.empty() : Optional.of(readAllowList(allowList)), limits, trustIp);
    }

    private static void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw new UserError(option + " must be between 0 and 65535, got " + port);
        }
    }

    private InetAddress bindAddress() {
        if (!bind.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new UserError("--bind " + bind + ": not an IP address literal");
        }
        try {
            return InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            throw new UserError("--bind " + bind + ": not an IP address literal");
        }
    }

    static Set<InfoHash> readAllowList(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("--allow-list " + file + ": cannot read: " + e.getMessage());
        }
        Set<InfoHash> out = new HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.matches("[0-9A-Fa-f]{40}")) {
                throw new UserError("--allow-list " + file + " line " + (i + 1) + ": expected 40 hex digits, got '"
                        + (line.length() > 50 ? line.substring(0, 50) + "..." : line) + "'");
            }
            out.add(InfoHash.ofHex(line));
        }
        return out;
    }
}
