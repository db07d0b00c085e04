package dev.bittern.tracker.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/** Everything on the HTTP port that is not announce/scrape: /stats (HTML) and /metrics (Prometheus). */
final class TorrentHosting implements HttpHandler {
    private final TrackerService tracker;

    TorrentHosting(TrackerService tracker, Optional<Path> torrentsDirectory) {
        this.tracker = tracker;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                HttpTrackerHandler.send(exchange, 405, "text/plain; charset=utf-8", bytes("only GET and HEAD\n"));
                return;
            }
            switch (path) {
                case "/stats" -> HttpTrackerHandler.send(exchange, 200, "text/html; charset=utf-8",
                        bytes(StatusPages.stats(tracker.stats())));
                case "/metrics" -> HttpTrackerHandler.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        bytes(StatusPages.metrics(tracker.stats())));
                default -> HttpTrackerHandler.send(exchange, 404, "text/plain; charset=utf-8", bytes("not found\n"));
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
