package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.Bencode;
import dev.bittern.time.Clock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The facade over BEP 12 tiers, against HTTP trackers on 127.0.0.1. */
class TrackerClientTest {
    private HttpServer server;
    private ExecutorService executor;
    private String base;
    /** Path and query of every request, in arrival order. */
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<TrackerClient> clients = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        for (String name : List.of("a", "b", "c")) {
            server.createContext("/" + name + "/announce", ex -> {
                requests.add(ex.getRequestURI().getPath() + "?" + ex.getRequestURI().getRawQuery());
                byte[] body = Bencode.encode(BDictionary.builder().put("interval", 600).put("min interval", 300)
                        .put("tracker id", "id-" + name).put("peers", new byte[0]).build());
                ex.sendResponseHeaders(200, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            });
        }
        server.createContext("/down/announce", ex -> {
            requests.add(ex.getRequestURI().getPath());
            byte[] body = "d14:failure reason11:maintenancee".getBytes(StandardCharsets.US_ASCII);
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(TrackerClient::close);
        server.stop(0);
        executor.shutdownNow();
    }

    private TrackerClient client(List<List<String>> tiers, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        TrackerClient c = new TrackerClient(new TrackerTiers(tiers, random), new AnnounceScheduler(Clock.system()),
                HttpTrackerTransport.create(Duration.ofSeconds(5)),
                new UdpTrackerTransport(Clock.system(), random, new UdpTrackerExchange.Timeouts(Duration.ofMillis(100), 0)));
        clients.add(c);
        return c;
    }

    @Test
    void nextTierIsTriedOnlyWhenEveryTrackerOfTheTierFailed() throws Exception {
        TrackerClient c = client(List.of(List.of("wss://webtorrent.example/announce", base + "/down/announce"),
                List.of(base + "/b/announce"), List.of(base + "/c/announce")), 1);
        AnnounceResponse r = c.announce(UdpTrackerExchangeTest.REQUEST);
        assertThat(r.trackerId()).map(id -> id.utf8()).contains("id-b");
        assertThat(requests).extracting(q -> q.substring(0, q.indexOf("/announce")))
                .containsExactly("/down", "/b").as("tier 2 is not contacted");
    }

    @Test
    void trackerThatAnsweredIsAskedFirstNextTimeAndGetsItsTrackerIdBack() throws Exception {
        TrackerClient c = client(List.of(List.of(base + "/down/announce", base + "/a/announce")), 2);
        c.announce(UdpTrackerExchangeTest.REQUEST);
        assertThat(c.tiers().tiers().getFirst().getFirst()).isEqualTo(base + "/a/announce");
        requests.clear();
        c.announce(UdpTrackerExchangeTest.REQUEST.withEvent(AnnounceEvent.NONE));
        assertThat(requests).hasSize(1);
        assertThat(requests.getFirst()).startsWith("/a/announce?").endsWith("&trackerid=id-a");
    }

    @Test
    void answerSchedulesTheNextAnnounceAfterTheInterval() throws Exception {
        TrackerClient c = client(List.of(List.of(base + "/a/announce")), 3);
        long before = System.nanoTime();
        c.announce(UdpTrackerExchangeTest.REQUEST);
        assertThat(c.scheduler().nextAnnounceAtNanos() - before).isGreaterThanOrEqualTo(Duration.ofSeconds(600).toNanos());
        assertThat(c.scheduler().isDue()).isFalse();
    }

    @Test
    void allTrackersFailingReportsEachFailureAndBacksOff() {
        TrackerClient c = client(List.of(List.of(base + "/down/announce"), List.of("ftp://x/announce")), 4);
        assertThatThrownBy(() -> c.announce(UdpTrackerExchangeTest.REQUEST))
                .isInstanceOf(TrackerClient.AllTrackersFailedException.class)
                .hasMessageContaining("all 2 trackers failed")
                .satisfies(e -> assertThat(e.getSuppressed()).hasExactlyElementsOfTypes(
                        TrackerFailureException.class, UnsupportedTrackerException.class));
        assertThat(c.scheduler().consecutiveFailures()).isEqualTo(1);
        assertThat(c.scheduler().isDue()).isFalse();
    }
}
