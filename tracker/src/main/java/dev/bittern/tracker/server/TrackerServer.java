package dev.bittern.tracker.server;

import com.sun.net.httpserver.HttpServer;
import dev.bittern.time.Clock;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A running tracker: HTTP (announce, scrape, hosting) and UDP front ends over one state. */
public final class TrackerServer implements AutoCloseable {
    static {
        // The JDK server reads these once; bounded request line + headers keep a client from
        // making us buffer without limit. Set only if the operator has not chosen otherwise.
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", "16384");
        setIfAbsent("sun.net.httpserver.maxReqHeaders", "64");
        setIfAbsent("sun.net.httpserver.maxReqTime", "30");
        setIfAbsent("sun.net.httpserver.maxRspTime", "30");
    }

    private final TrackerService tracker;
    private final HttpServer http;
    private final ExecutorService httpExecutor;
    private final UdpTrackerServer udp;

    private TrackerServer(TrackerService tracker, HttpServer http, ExecutorService httpExecutor, UdpTrackerServer udp) {
        this.tracker = tracker;
        this.http = http;
        this.httpExecutor = httpExecutor;
        this.udp = udp;
    }

    public static TrackerServer start(TrackerConfig config, Clock clock) throws IOException {
        SecureRandom seed = new SecureRandom();
        TrackerState state = new TrackerState(clock, config.limits(), config.allowList(), new SplittableRandom(seed.nextLong()));
        TrackerService service = new TrackerService(state, clock);
        HttpServer http = null;
        ExecutorService executor = null;
        UdpTrackerServer udp = null;
        try {
            if (config.httpPort() >= 0) {
                http = HttpServer.create(new InetSocketAddress(config.bind(), config.httpPort()), 1024);
                HttpTrackerHandler handler = new HttpTrackerHandler(service, config.trustIpParameter());
                for (String path : HttpTrackerHandler.paths()) {
                    http.createContext(path, handler);
                }
                TorrentHosting hosting = new TorrentHosting(service, config.torrentsDirectory());
                http.createContext("/", hosting);
                executor = Executors.newVirtualThreadPerTaskExecutor();
                http.setExecutor(executor);
                http.start();
            }
            if (config.udpPort() >= 0) {
                udp = new UdpTrackerServer(new InetSocketAddress(config.bind(), config.udpPort()),
                        new UdpTrackerProtocol(service, new ConnectionIds(seed), clock, config.trustIpParameter()),
                        Math.max(1, Runtime.getRuntime().availableProcessors()));
            }
            return new TrackerServer(service, http, executor, udp);
        } catch (IOException | RuntimeException e) {
            if (http != null) {
                http.stop(0);
            }
            if (executor != null) {
                executor.shutdownNow();
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
        return http == null ? -1 : http.getAddress().getPort();
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
                http.stop(0);
                httpExecutor.shutdownNow();
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

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
