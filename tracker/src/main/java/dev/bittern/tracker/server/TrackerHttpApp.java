package dev.bittern.tracker.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.Optional;

/** Routes a parsed request to the tracker endpoints or the hosting pages; sans-I/O apart from reading hosted files. */
final class TrackerHttpApp {
    private final HttpTrackerHandler tracker;
    private final TorrentHosting hosting;

    TrackerHttpApp(TrackerService service, boolean trustIpParameter, Optional<Path> torrentsDirectory) {
        this.tracker = new HttpTrackerHandler(service, trustIpParameter);
        this.hosting = new TorrentHosting(service, torrentsDirectory);
    }

    /** Whether {@link #handle} answers this request from memory alone (announce, scrape): no file I/O, small answer. */
    boolean answersWithoutIo(HttpRequestHead request) {
        String path = request.rawPath();
        return path.equals(HttpTrackerHandler.ANNOUNCE) || path.equals(HttpTrackerHandler.SCRAPE);
    }

    HttpResponse handle(HttpRequestHead request, InetAddress remote) throws IOException {
        if (answersWithoutIo(request)) {
            return tracker.handle(request, remote);
        }
        return hosting.handle(request);
    }
}
