package dev.bittern.tracker.server;

import dev.bittern.time.Clock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/** A running tracker: HTTP (announce, scrape, hosting) and UDP front ends over one state. */
public final class TrackerServer implements AutoCloseable {
    /** Open HTTP connections at most; each holds a virtual thread and an 8 KiB buffer. */
    static final int MAX_HTTP_CONNECTIONS = 10_000;

    /**
     * HTTP acceptor threads (each answers one-shot announces inline): one per two cores. Most of
     * a one-shot announce's CPU is the kernel's TCP work (handshake, FIN, loopback delivery in
     * softirq), which runs beside the acceptor, not in it; with one acceptor per core they woke
     * and slept against each other and against that work. Measured on 2 cores only
     * (bench/tracker/close-cpu.sh, 5 rounds): one acceptor instead of two spent 22-25 instead of
     * 26-31 us of system time per announce at equal user time.
     */
    private static final int HTTP_ACCEPTORS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);

    private final TrackerService tracker;
    private final TrackerHttpServer http;
    private final UdpTrackerServer udp;

    private TrackerServer(TrackerService tracker, TrackerHttpServer http, UdpTrackerServer udp) {
        this.tracker = tracker;
        this.http = http;
        this.udp = udp;
    }

    public static TrackerServer start(TrackerConfig config, Clock clock) throws IOException {
        SecureRandom seed = new SecureRandom();
        TrackerState state = new TrackerState(clock, config.limits(), config.allowList(), new SplittableRandom(seed.nextLong()));
        TrackerService service = new TrackerService(state, clock);
        TrackerHttpServer http = null;
        UdpTrackerServer udp = null;
        try {
            if (config.httpPort() >= 0) {
                http = new TrackerHttpServer(new InetSocketAddress(config.bind(), config.httpPort()),
                        new TrackerHttpApp(service, config.trustIpParameter(), config.torrentsDirectory()),
                        MAX_HTTP_CONNECTIONS, HTTP_ACCEPTORS);
            }
            if (config.udpPort() >= 0) {
                udp = new UdpTrackerServer(new InetSocketAddress(config.bind(), config.udpPort()),
                        new UdpTrackerProtocol(service, new ConnectionIds(seed), clock, config.trustIpParameter()),
                        Math.max(1, Runtime.getRuntime().availableProcessors()));
            }
            return new TrackerServer(service, http, udp);
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.close();
            }
            if (udp != null) {
                udp.close();
            }
            service.close();
            throw e;
        }
    }

    /** The bound HTTP port, or -1 when HTTP is off. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    /** The bound UDP port, or -1 when UDP is off. */
    public int udpPort() {
        return udp == null ? -1 : udp.port();
    }

    public TrackerStats stats() {
        return tracker.stats();
    }

    /** Seeders, leechers and completed downloads of one torrent (zeros when not tracked). */
    public ScrapeEntry figures(InfoHash infoHash) {
        return tracker.figures(infoHash);
    }

    @Override
    public void close() throws IOException {
        try {
            if (http != null) {
                http.close();
            }
        } finally {
            try {
                if (udp != null) {
                    udp.close();
                }
            } finally {
                tracker.close();
            }
        }
    }
}
