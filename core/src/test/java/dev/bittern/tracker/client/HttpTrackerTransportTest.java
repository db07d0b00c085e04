package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.InfoHash;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpTrackerTransportTest {
    static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final byte[] PEER_ID = "-BN0001-\u00ff\u0001abcdefghij".getBytes(StandardCharsets.ISO_8859_1);
    static final AnnounceRequest REQUEST = new AnnounceRequest(HASH, PEER_ID, 6881, 10, 20, 30,
            AnnounceEvent.STARTED, 50, 0xBEEF, true);

    private HttpServer server;
    private ExecutorService executor;
    private final List<String> queries = new CopyOnWriteArrayList<>();
    private String base;
    private final HttpTrackerTransport transport = HttpTrackerTransport.create(Duration.ofSeconds(5));

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/announce", ex -> {
            queries.add(ex.getRequestURI().getRawQuery());
            reply(ex, 200, Bencode.encode(BDictionary.builder()
                    .put("interval", 1800).put("min interval", 60).put("tracker id", "T1")
                    .put("complete", 1).put("incomplete", 2)
                    .put("peers", CompactPeers.encode(List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7000)), false))
                    .build()));
        });
        server.createContext("/moved/announce", ex -> {
            ex.getResponseHeaders().add("Location", base + "/announce?" + ex.getRequestURI().getRawQuery());
            reply(ex, 302, new byte[0]);
        });
        server.createContext("/refuse/announce", ex -> reply(ex, 200, "d14:failure reason7:go awaye".getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/huge/announce", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int i = 0; i < 40; i++) {
                    out.write(chunk);
                }
            } catch (IOException clientHungUp) {
                queries.add("hung up after cap");
            }
        });
        server.createContext("/slow/announce", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(ex, 200, "d8:intervali1ee".getBytes(StandardCharsets.US_ASCII));
        });
        server.createContext("/missing/announce", ex -> reply(ex, 404, "not here".getBytes(StandardCharsets.US_ASCII)));
        server.createContext("/scrape", ex -> {
            queries.add(ex.getRequestURI().getRawQuery());
            reply(ex, 200, Bencode.encode(BDictionary.builder().put("files", BDictionary.builder()
                    .put(BString.of(HASH.bytes()), BDictionary.builder().put("complete", 4).put("downloaded", 9).put("incomplete", 1).build())
                    .build()).build()));
        });
        server.start();
    }

    private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @AfterEach
    void stopServer() {
        transport.close();
        server.stop(0);
        executor.shutdownNow();
    }

    @Test
    void announceSendsPercentEncodedBytesAndParsesTheAnswer() throws Exception {
        AnnounceResponse r = transport.announce(base + "/announce", REQUEST, Optional.empty());
        assertThat(r.peers()).containsExactly(TrackerPeer.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 7000)));
        assertThat(r.interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.trackerId()).contains(BString.of("T1"));
        assertThat(queries.getFirst()).isEqualTo("info_hash=%01%23Eg%89%AB%CD%EF%01%23Eg%89%AB%CD%EF%01%23Eg"
                + "&peer_id=-BN0001-%FF%01abcdefghij&port=6881&uploaded=10&downloaded=20&left=30&compact=1"
                + "&event=started&numwant=50&key=0000BEEF");
    }

    @Test
    void trackerIdIsSentBackOnTheNextAnnounce() throws Exception {
        AnnounceResponse r = transport.announce(base + "/announce", REQUEST, Optional.empty());
        transport.announce(base + "/announce", REQUEST.withEvent(AnnounceEvent.NONE), r.trackerId());
        assertThat(queries.get(1)).endsWith("&key=0000BEEF&trackerid=T1").doesNotContain("event=");
    }

    @Test
    void redirectsAreFollowed() throws Exception {
        AnnounceResponse r = transport.announce(base + "/moved/announce", REQUEST, Optional.empty());
        assertThat(r.peers()).hasSize(1);
    }

    @Test
    void failureReasonIsReported() {
        assertThatThrownBy(() -> transport.announce(base + "/refuse/announce", REQUEST, Optional.empty()))
                .isInstanceOf(TrackerFailureException.class).hasMessageContaining("go away");
    }

    @Test
    void bodyLargerThanTheCapIsRejectedWithoutReadingItAll() {
        assertThatThrownBy(() -> transport.announce(base + "/huge/announce", REQUEST, Optional.empty()))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("larger than 1048576");
    }

    @Test
    void slowTrackerTimesOut() {
        try (HttpTrackerTransport impatient = HttpTrackerTransport.create(Duration.ofMillis(300))) {
            assertThatThrownBy(() -> impatient.announce(base + "/slow/announce", REQUEST, Optional.empty()))
                    .isInstanceOf(TrackerTimeoutException.class);
        }
    }

    @Test
    void errorStatusWithoutFailureReasonNamesTheStatus() {
        assertThatThrownBy(() -> transport.announce(base + "/missing/announce", REQUEST, Optional.empty()))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("HTTP status 404");
    }

    @Test
    void scrapeUsesTheBep48UrlDerivedFromAnnounce() throws Exception {
        Map<InfoHash, ScrapeResponse> r = transport.scrape(base + "/announce", List.of(HASH));
        assertThat(r).containsEntry(HASH, new ScrapeResponse(HASH, 4, 9, 1));
        assertThat(queries).containsExactly("info_hash=%01%23Eg%89%AB%CD%EF%01%23Eg%89%AB%CD%EF%01%23Eg");
        assertThatThrownBy(() -> transport.scrape(base + "/tracker", List.of(HASH)))
                .isInstanceOf(UnsupportedTrackerException.class).hasMessageContaining("BEP 48");
    }
}
