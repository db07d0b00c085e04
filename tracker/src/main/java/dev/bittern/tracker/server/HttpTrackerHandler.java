package dev.bittern.tracker.server;

import java.net.InetAddress;

/**
 * The HTTP tracker endpoints {@code /announce} (BEP 3) and {@code /scrape} (BEP 48). A refused
 * or malformed request is answered with status 200 and a bencoded {@code failure reason}, as
 * BEP 3 prescribes, so clients show the reason to their users.
 */
final class HttpTrackerHandler {
    static final String ANNOUNCE = "/announce";
    static final String SCRAPE = "/scrape";
    private final TrackerService tracker;
    private final boolean trustIpParameter;

    HttpTrackerHandler(TrackerService tracker, boolean trustIpParameter) {
        this.tracker = tracker;
        this.trustIpParameter = trustIpParameter;
    }

    HttpResponse handle(HttpRequestHead request, InetAddress remote) {
        byte[] body;
        try {
            if (!request.method().equals("GET")) {
                throw new TrackerRequestException("method", "only GET is supported");
            }
            body = request.rawPath().equals(ANNOUNCE)
                    ? announce(request.rawQuery(), remote)
                    : HttpTrackerResponses.scrape(tracker.scrape(HttpTrackerQuery.parseScrape(request.rawQuery())));
        } catch (TrackerRequestException e) {
            body = HttpTrackerResponses.failure(e.getMessage());
        }
        return HttpResponse.of(200, "text/plain", body);
    }

    private byte[] announce(String rawQuery, InetAddress remote) {
        AnnounceRequest request = HttpTrackerQuery.parseAnnounce(rawQuery);
        // The peer is where the connection came from; a claimed ip is trusted only when configured
        // (otherwise anyone could point a swarm at a third party).
        PeerAddress source = trustIpParameter && request.claimedIp().isPresent()
                ? request.claimedIp().get()
                : PeerAddress.of(remote, request.port());
        AnnounceResult result = tracker.announce(request, source, true);
        return HttpTrackerResponses.announce(result, request.compact(), request.noPeerId());
    }
}
