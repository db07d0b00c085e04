package dev.bittern.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a .torrent published on an ordinary web server (the lecture's "put the .torrent on a
 * web server" step). Untrusted peer: the whole fetch is bounded in time and the body in size,
 * and every failure is one line naming the URL and why.
 */
final class TorrentFetcher {
    private final Duration timeout;
    private final int maxBytes;

    TorrentFetcher(Duration timeout, int maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    byte[] fetch(URI url) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        try {
            return fetch(client, url, deadline);
        } finally {
            // close() would wait for a trickling server; the fetch is over either way.
            client.shutdownNow();
        }
    }

    private byte[] fetch(HttpClient client, URI url, long deadline) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("User-Agent", "bittern/0.1.0").build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new UserError(url + ": no response within " + timeout.toSeconds() + " s");
        } catch (ConnectException e) {
            throw new UserError(url + ": cannot connect" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (IOException e) {
            throw new UserError(url + ": download failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(url + ": interrupted");
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new UserError(url + ": HTTP status " + response.statusCode() + " (expected 200)");
            }
            long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > maxBytes) {
                throw new UserError(url + ": " + declared + " bytes is more than the " + maxBytes + "-byte limit for a .torrent");
            }
            return readBounded(url, body, deadline);
        } catch (IOException e) {
            throw new UserError(url + ": download failed: " + e.getMessage());
        }
    }

    /** Reads at most maxBytes + 1 bytes, giving up at the deadline even if the server trickles. */
    private byte[] readBounded(URI url, InputStream body, long deadline) throws IOException {
        ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<byte[]> read = reader.submit(() -> body.readNBytes(maxBytes + 1));
            byte[] bytes;
            try {
                bytes = read.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                body.close(); // unblocks the reader
                read.cancel(true);
                throw new UserError(url + ": download did not finish within " + timeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                throw new UserError(url + ": download failed: " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserError(url + ": interrupted");
            }
            if (bytes.length > maxBytes) {
                throw new UserError(url + ": more than the " + maxBytes + "-byte limit for a .torrent");
            }
            return bytes;
        } finally {
            reader.shutdownNow();
        }
    }
}
