package dev.bittern.engine;

import dev.bittern.wire.PieceLayout;
import java.time.Duration;

/**
 * How many block requests to keep outstanding on a connection. One request per round trip
 * would cap every peer at 16 KiB per RTT, so the queue holds enough to cover
 * {@code targetLatency} at the peer's current rate (the bandwidth-delay product), as libtorrent
 * does: depth = clamp(rate * latency / 16 KiB, min, max). A fast peer then fills the pipe, and a
 * slow one does not hoard blocks that faster peers could deliver.
 */
public record RequestPipeline(Duration targetLatency, int minDepth, int maxDepth) {
    /**
     * At most 500 outstanding, libtorrent's own default ({@code max_out_request_queue}): at 250
     * (4 MiB in flight) a Bittern downloader fetched 1 GiB over loopback from a libtorrent seed in
     * 4.0 s, at 500 in 3.5 s with less CPU (docs/benchmarks.md, "Session 4"). A peer's BEP 10
     * {@code reqq} still caps it ({@link #depth(double, int)}).
     */
    public static final RequestPipeline DEFAULT = new RequestPipeline(Duration.ofSeconds(2), 4, 500);

    public RequestPipeline {
        if (targetLatency.isNegative() || targetLatency.isZero() || minDepth < 1 || maxDepth < minDepth) {
            throw new IllegalArgumentException("invalid pipeline: latency " + targetLatency + ", depth " + minDepth + ".." + maxDepth);
        }
    }

    /** The queue depth for a peer delivering {@code bytesPerSecond} to us. */
    public int depth(double bytesPerSecond) {
        double blocks = Math.ceil(Math.max(0, bytesPerSecond) * targetLatency.toNanos() / 1e9 / PieceLayout.BLOCK_LENGTH);
        return (int) Math.max(minDepth, Math.min(maxDepth, blocks));
    }

    /**
     * The depth capped by what the peer accepts: BEP 10 {@code reqq} ("the number of outstanding
     * request messages this client supports without dropping any"); 0 or less means not given.
     */
    public int depth(double bytesPerSecond, int peerRequestQueue) {
        int d = depth(bytesPerSecond);
        return peerRequestQueue > 0 ? Math.min(d, peerRequestQueue) : d;
    }
}
