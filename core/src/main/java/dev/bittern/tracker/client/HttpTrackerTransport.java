package dev.bittern.tracker.client;

import dev.bittern.bencode.BString;
import dev.bittern.metainfo.InfoHash;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Announce and scrape over HTTP(S) with the JDK {@link HttpClient}: redirects followed (not
 * from https to http), one deadline for the whole exchange including the body, and the body
 * capped at {@link HttpTrackerResponses#MAX_BODY_BYTES}. Blocking; fine on a virtual thread.
 */
public final class HttpTrackerTransport implements AutoCloseable {
    private static final String USER_AGENT = "Bittern/0.1";

    private final HttpClient client;
    private final Duration timeout;

    public HttpTrackerTransport(HttpClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    public static HttpTrackerTransport create(Duration timeout) {
        return new HttpTrackerTransport(HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(timeout)
                .build(), timeout);
    }

    public AnnounceResponse announce(String announceUrl, AnnounceRequest request, Optional<BString> trackerId)
            throws IOException, InterruptedException {
        return HttpTrackerResponses.parseAnnounce(get(HttpTrackerUrls.announce(announceUrl, request, trackerId)));
    }

    /** Scrapes via the BEP 48 scrape URL derived from {@code announceUrl}. */
    public Map<InfoHash, ScrapeResponse> scrape(String announceUrl, List<InfoHash> infoHashes)
            throws IOException, InterruptedException {
        String scrapeUrl = HttpTrackerUrls.scrape(announceUrl).orElseThrow(() -> new UnsupportedTrackerException(
                "tracker does not support scrape: the last path segment of " + announceUrl + " does not begin with 'announce' (BEP 48)"));
        return HttpTrackerResponses.parseScrape(get(HttpTrackerUrls.scrapeQuery(scrapeUrl, infoHashes)));
    }

    /** Releases the HttpClient's connections and selector thread, abandoning requests in flight. */
    @Override
    public void close() {
        client.shutdownNow();
    }

    private byte[] get(String url) throws IOException, InterruptedException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedTrackerException("not a valid tracker URL: " + url);
        }
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", USER_AGENT).GET().build();
        CompletableFuture<HttpResponse<byte[]>> future = client.sendAsync(request,
                info -> new BoundedBodySubscriber(HttpTrackerResponses.MAX_BODY_BYTES));
        HttpResponse<byte[]> response;
        try {
            // The request timeout ends when headers arrive; this deadline also covers a body that trickles.
            response = future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new TrackerTimeoutException("HTTP tracker did not answer within " + timeout.toMillis() + " ms: " + uri.getHost());
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.net.http.HttpTimeoutException) {
                throw new TrackerTimeoutException("HTTP tracker did not answer within " + timeout.toMillis() + " ms: " + uri.getHost());
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("HTTP tracker request failed: " + cause, cause);
        }
        if (response.statusCode() != 200) {
            TrackerProtocolException statusError = new TrackerProtocolException("status", -1,
                    "HTTP status " + response.statusCode() + " from " + uri.getHost());
            // Some trackers send their failure reason with an error status; prefer their words.
            try {
                HttpTrackerResponses.parseAnnounce(response.body());
            } catch (TrackerFailureException refused) {
                throw refused;
            } catch (TrackerException notAnAnnounceBody) {
                statusError.addSuppressed(notAnAnnounceBody);
            }
            throw statusError;
        }
        return response.body();
    }
}
