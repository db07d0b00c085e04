package dev.bittern.tracker.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * How to run a tracker.
 *
 * @param httpPort         0 picks a free port; -1 disables HTTP
 * @param udpPort          0 picks a free port; -1 disables UDP
 * @param torrentsDirectory .torrent files to host at /torrents/ (and list on the index page)
 * @param allowList        when present, the only info-hashes tracked
 * @param trustIpParameter whether an announce's {@code ip} parameter may replace the source address
 */
public record TrackerConfig(InetAddress bind, int httpPort, int udpPort, Optional<Path> torrentsDirectory,
                            Optional<Set<InfoHash>> allowList, TrackerLimits limits, boolean trustIpParameter) {
    public TrackerConfig {
        if (httpPort < -1 || httpPort > 65535 || udpPort < -1 || udpPort > 65535) {
            throw new IllegalArgumentException("ports must be 0..65535 (or -1 to disable)");
        }
    }
}
