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

    HttpResponse handle(HttpRequestHead request, InetAddress remote) throws IOException {
        String path = request.rawPath();
        if (path.equals(HttpTrackerHandler.ANNOUNCE) || path.equals(HttpTrackerHandler.SCRAPE)) {
            return tracker.handle(request, remote);
        }
        return hosting.handle(request);
    }
}
