package dev.bittern.cli;

import dev.bittern.session.Client;
import dev.bittern.session.SessionSettings;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Options shared by {@code download}, {@code seed} and {@code share}: where to listen, whom to dial, rate and connection limits. */
final class PeerOptions {
    @Option(names = "--peer", paramLabel = "HOST:PORT",
            description = "Connect to this peer directly (repeatable), in addition to the torrent's trackers.")
    List<String> peers = new ArrayList<>();

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "TCP port to listen on for peers (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "0.0.0.0",
            description = "Local address to listen on (an IP literal). Default: ${DEFAULT-VALUE}.")
    String bind;

    @Option(names = "--max-up", paramLabel = "RATE", defaultValue = "0",
            description = "Upload limit in bytes/s, with K, M or G suffix (binary); 0 = unlimited.")
    String maxUp;

    @Option(names = "--max-down", paramLabel = "RATE", defaultValue = "0",
            description = "Download limit in bytes/s, with K, M or G suffix (binary); 0 = unlimited.")
    String maxDown;

    @Option(names = "--max-peers", paramLabel = "N", defaultValue = "" + SessionSettings.DEFAULT_MAX_PEERS,
            description = "Peer connections per torrent (incoming and outgoing); more are refused or not dialled. Default: ${DEFAULT-VALUE}.")
    int maxPeers;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + Client.Settings.DEFAULT_MAX_CONNECTIONS,
            description = "Peer connections in total (all torrents, incoming and outgoing, handshakes included). Default: ${DEFAULT-VALUE}.")
    int maxConnections;

    @Option(names = "--buffered-writes",
            description = "Write downloaded pieces through the operating system's page cache instead of with direct I/O "
                    + "(O_DIRECT, the default where the file system supports it: a large download does not push other "
                    + "programs' data out of the cache).")
    boolean bufferedWrites;

    @Option(names = "--no-trackers", description = "Do not announce to the torrent's trackers (use --peer only).")
    boolean noTrackers;

    Client.Settings clientSettings() {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be between 0 and 65535, got " + port);
        }
        InetAddress address;
        if (!bind.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new UserError("--bind " + bind + ": not an IP address literal");
        }
        try {
            address = InetAddress.getByName(bind); // a literal: no name lookup
        } catch (UnknownHostException e) {
            throw new UserError("--bind " + bind + ": not an IP address");
        }
        if (maxConnections < 1) {
            throw new UserError("--max-connections must be at least 1, got " + maxConnections);
        }
        return new Client.Settings(new InetSocketAddress(address, port), maxConnections, rate("--max-up", maxUp), rate("--max-down", maxDown));
    }

    /** The per-torrent settings these options choose (the rest are the engine's defaults). */
    SessionSettings sessionSettings() {
        if (maxPeers < 1) {
            throw new UserError("--max-peers must be at least 1, got " + maxPeers);
        }
        return SessionSettings.DEFAULTS.withMaxPeers(maxPeers).withDirectWrites(!bufferedWrites);
    }

    List<InetSocketAddress> peerAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String p : peers) {
            int colon = p.lastIndexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new UserError("--peer " + p + ": expected HOST:PORT");
            }
            String host = p.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(p.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new UserError("--peer " + p + ": port is not a number");
            }
            if (port < 1 || port > 65535) {
                throw new UserError("--peer " + p + ": port must be between 1 and 65535");
            }
            try {
                out.add(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (UnknownHostException e) {
                throw new UserError("--peer " + p + ": unknown host " + host);
            }
        }
        return out;
    }

    /** "0", "500000", "512K", "10M", "1G" (binary multiples) in bytes/s. */
    static long rate(String option, String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        long mult = 1;
        if (v.endsWith("K") || v.endsWith("M") || v.endsWith("G")) {
            mult = switch (v.charAt(v.length() - 1)) {
                case 'K' -> 1L << 10;
                case 'M' -> 1L << 20;
                default -> 1L << 30;
            };
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0 || n > Long.MAX_VALUE / mult) {
                throw new NumberFormatException();
            }
            return n * mult;
        } catch (NumberFormatException e) {
            throw new UserError(option + " " + value + ": expected a non-negative number of bytes/s, optionally with K, M or G");
        }
    }
}
