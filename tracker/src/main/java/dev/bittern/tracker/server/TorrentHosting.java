package dev.bittern.tracker.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything on the HTTP port that is not announce/scrape: the index page of hosted torrents
 * ({@code /}), the .torrent files ({@code /torrents/NAME.torrent}), {@code /stats} (HTML) and
 * {@code /metrics} (Prometheus text format).
 */
final class TorrentHosting {
    private static final String TORRENTS = "/torrents/";
    private static final String HTML = "text/html; charset=utf-8";
    private final TrackerService tracker;
    private final Optional<TorrentCatalog> catalog;

    TorrentHosting(TrackerService tracker, Optional<Path> torrentsDirectory) {
        this.tracker = tracker;
        this.catalog = torrentsDirectory.map(TorrentCatalog::new);
    }

    HttpResponse handle(HttpRequestHead request) throws IOException {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return new HttpResponse(405, "text/plain; charset=utf-8", Map.of("Allow", "GET, HEAD"),
                    bytes("only GET and HEAD\n"));
        }
        String path = request.rawPath();
        if (path.equals("/stats")) {
            return HttpResponse.of(200, HTML, bytes(StatusPages.stats(tracker.stats())));
        }
        if (path.equals("/metrics")) {
            return HttpResponse.of(200, "text/plain; version=0.0.4; charset=utf-8", bytes(StatusPages.metrics(tracker.stats())));
        }
        if (path.equals("/") && catalog.isPresent()) {
            return HttpResponse.of(200, HTML, bytes(index(catalog.get())));
        }
        if (path.startsWith(TORRENTS) && catalog.isPresent()) {
            String name;
            try {
                name = new String(HttpTrackerQuery.decode(path, TORRENTS.length(), path.length()), StandardCharsets.UTF_8);
            } catch (TrackerRequestException e) {
                return HttpResponse.text(400, "malformed path: " + e.getMessage() + "\n");
            }
            return torrentFile(catalog.get(), name);
        }
        return HttpResponse.text(404, "not found\n");
    }

    private static HttpResponse torrentFile(TorrentCatalog catalog, String name) throws IOException {
        Optional<TorrentCatalog.Entry> entry = catalog.find(name);
        if (entry.isEmpty()) {
            return HttpResponse.text(404, "no hosted torrent by that name\n");
        }
        try {
            byte[] body = catalog.read(entry.get());
            // The name is a listed file name; quotes and control characters are dropped so the field stays well-formed.
            String safe = name.replaceAll("[\"\\\\\\p{Cntrl}]", "").replaceAll("[^\\x20-\\x7E]", "_");
            return new HttpResponse(200, "application/x-bittorrent",
                    Map.of("Content-Disposition", "attachment; filename=\"" + safe + "\""), body);
        } catch (NoSuchFileException e) {
            return HttpResponse.text(404, "that torrent was removed\n");
        }
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
