package dev.bittern.tracker.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything on the HTTP port that is not announce/scrape: the index page of hosted torrents
 * ({@code /}), the .torrent files ({@code /torrents/NAME.torrent}), {@code /stats} (HTML) and
 * {@code /metrics} (Prometheus text format).
 */
final class TorrentHosting implements HttpHandler {
    private static final String TORRENTS = "/torrents/";
    private final TrackerService tracker;
    private final Optional<TorrentCatalog> catalog;

    TorrentHosting(TrackerService tracker, Optional<Path> torrentsDirectory) {
        this.tracker = tracker;
        this.catalog = torrentsDirectory.map(TorrentCatalog::new);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                HttpTrackerHandler.send(exchange, 405, "text/plain; charset=utf-8", bytes("only GET and HEAD\n"));
                return;
            }
            if (path.equals("/stats")) {
                HttpTrackerHandler.send(exchange, 200, "text/html; charset=utf-8", bytes(StatusPages.stats(tracker.stats())));
            } else if (path.equals("/metrics")) {
                HttpTrackerHandler.send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                        bytes(StatusPages.metrics(tracker.stats())));
            } else if (path.equals("/") && catalog.isPresent()) {
                HttpTrackerHandler.send(exchange, 200, "text/html; charset=utf-8", bytes(index(catalog.get())));
            } else if (path.startsWith(TORRENTS) && catalog.isPresent()) {
                torrentFile(exchange, catalog.get(), path.substring(TORRENTS.length()));
            } else {
                HttpTrackerHandler.send(exchange, 404, "text/plain; charset=utf-8", bytes("not found: " + path + "\n"));
            }
        }
    }

    private static void torrentFile(HttpExchange exchange, TorrentCatalog catalog, String name) throws IOException {
        Optional<TorrentCatalog.Entry> entry = catalog.find(name);
        if (entry.isEmpty()) {
            HttpTrackerHandler.send(exchange, 404, "text/plain; charset=utf-8", bytes("no hosted torrent named " + name + "\n"));
            return;
        }
        byte[] body;
        try {
            body = catalog.read(entry.get());
        } catch (NoSuchFileException e) {
            HttpTrackerHandler.send(exchange, 404, "text/plain; charset=utf-8", bytes("torrent " + name + " was removed\n"));
            return;
        }
        exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"");
        HttpTrackerHandler.send(exchange, 200, "application/x-bittorrent", body);
    }

    private String index(TorrentCatalog catalog) {
        List<TorrentCatalog.Entry> entries = catalog.entries();
        List<ScrapeEntry> figures = new ArrayList<>(entries.size());
        for (TorrentCatalog.Entry e : entries) {
            figures.add(tracker.figures(e.infoHash()));
        }
        return StatusPages.index(entries, figures);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
