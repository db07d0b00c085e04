package dev.bittern.tracker.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The HTTP tracker endpoints {@code /announce} (BEP 3) and {@code /scrape} (BEP 48). A refused
 * or malformed request is answered with status 200 and a bencoded {@code failure reason}, as
 * BEP 3 prescribes, so clients show the reason to their users.
 */
final class HttpTrackerHandler implements HttpHandler {
    private final TrackerService tracker;
    private final boolean trustIpParameter;

    HttpTrackerHandler(TrackerService tracker, boolean trustIpParameter) {
        this.tracker = tracker;
        this.trustIpParameter = trustIpParameter;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            String path = exchange.getRequestURI().getRawPath();
            try {
                if (!exchange.getRequestMethod().equals("GET")) {
                    throw new TrackerRequestException("method", "only GET is supported");
                }
                body = switch (path) {
                    case "/announce" -> announce(exchange);
                    case "/scrape" -> HttpTrackerResponses.scrape(
                            tracker.scrape(HttpTrackerQuery.parseScrape(exchange.getRequestURI().getRawQuery())));
                    default -> throw new TrackerRequestException("path", "no tracker endpoint at " + path);
                };
            } catch (TrackerRequestException e) {
                body = HttpTrackerResponses.failure(e.getMessage());
            }
            send(exchange, 200, "text/plain", body);
        }
    }

    private byte[] announce(HttpExchange exchange) {
        AnnounceRequest request = HttpTrackerQuery.parseAnnounce(exchange.getRequestURI().getRawQuery());
        InetSocketAddress remote = exchange.getRemoteAddress();
        // The peer is where the connection came from; a claimed ip is trusted only when configured
        // (otherwise anyone could point a swarm at a third party).
        PeerAddress source = trustIpParameter && request.claimedIp().isPresent()
                ? request.claimedIp().get()
                : PeerAddress.of(remote.getAddress(), request.port());
        AnnounceResult result = tracker.announce(request, source, true);
        return HttpTrackerResponses.announce(result, request.compact(), request.noPeerId());
    }

    static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** Paths this handler serves. */
    static List<String> paths() {
        return List.of("/announce", "/scrape");
    }
}
