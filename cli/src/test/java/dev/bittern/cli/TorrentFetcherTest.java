package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TorrentFetcherTest {
    private HttpServer server;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/small", ex -> respond(ex, 200, new byte[500], false));
        server.createContext("/declared-big", ex -> respond(ex, 200, new byte[2000], false));
        server.createContext("/chunked-big", ex -> respond(ex, 200, new byte[2000], true));
        server.createContext("/trickle", ex -> {
            ex.sendResponseHeaders(200, 0);
            try (OutputStream os = ex.getResponseBody()) {
                os.write('d');
                os.flush();
                // Never finishes on its own: the fetcher must give up at its deadline.
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    private static void respond(com.sun.net.httpserver.HttpExchange ex, int status, byte[] body, boolean chunked) throws IOException {
        ex.sendResponseHeaders(status, chunked ? 0 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Test
    void fetchesABodyWithinTheLimit() {
        assertThat(new TorrentFetcher(Duration.ofSeconds(5), 1000).fetch(url("/small"))).hasSize(500);
    }

    @Test
    void refusesABodyOverTheLimitWhetherDeclaredOrNot() {
        TorrentFetcher f = new TorrentFetcher(Duration.ofSeconds(5), 1000);
        assertThatThrownBy(() -> f.fetch(url("/declared-big"))).isInstanceOf(UserError.class)
                .hasMessageEndingWith("/declared-big: 2000 bytes is more than the 1000-byte limit for a .torrent");
        assertThatThrownBy(() -> f.fetch(url("/chunked-big"))).isInstanceOf(UserError.class)
                .hasMessageEndingWith("/chunked-big: more than the 1000-byte limit for a .torrent");
    }

    @Test
    void givesUpOnATricklingServerAtTheDeadline() {
        assertThatThrownBy(() -> new TorrentFetcher(Duration.ofSeconds(1), 1000).fetch(url("/trickle")))
                .isInstanceOf(UserError.class).hasMessageContaining("did not finish within 1 s");
    }
}
