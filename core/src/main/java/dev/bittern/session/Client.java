package dev.bittern.session;

import dev.bittern.engine.TokenBucket;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import dev.bittern.storage.HashPool;
import dev.bittern.time.Clock;
import dev.bittern.wire.PeerId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running Bittern peer: one peer id, one listening port, the global connection and rate limits,
 * the hash pool, and a {@link TorrentSession} per torrent.
 */
public final class Client implements AutoCloseable {
    /**
     * Client-wide settings.
     *
     * @param bind            address and port to listen on (port 0 = any free port)
     * @param maxConnections  peer connections in total
     * @param maxUploadRate   bytes/s over all torrents, 0 = unlimited
     * @param maxDownloadRate bytes/s over all torrents, 0 = unlimited
     */
    public record Settings(InetSocketAddress bind, int maxConnections, long maxUploadRate, long maxDownloadRate) {
        /** Peer connections in total by default. */
        public static final int DEFAULT_MAX_CONNECTIONS = 200;

        public static Settings defaults() {
            return new Settings(new InetSocketAddress(0), DEFAULT_MAX_CONNECTIONS, 0, 0);
        }
    }

    /** What every session shares. */
    record Shared(HashPool hashPool, ConnectionLimit connections, SharedRateLimiter upload, SharedRateLimiter download,
                  int listenPort, BlockArrays blockArrays) {
    }

    /**
     * Received blocks' arrays kept for reuse, shared by every torrent so the kept memory does not grow
     * with the number of torrents: as many as one torrent can have in flight (a full event queue plus
     * the few each reader holds). With only 64 kept, a burst that filled the queue allocated a fresh,
     * zeroed array for two blocks in three (two thirds of the downloader's allocations in a 1 GiB
     * profile, see docs/benchmarks.md "Session 4"). At most 5 MiB.
     */
    static final int KEPT_BLOCK_ARRAYS = TorrentSession.QUEUE_CAPACITY + 64;

    private final PeerId peerId;
    private final HashPool hashPool;
    private final PeerListener listener;
    private final Shared shared;
    private final List<TorrentSession> sessions = new CopyOnWriteArrayList<>();

    private Client(Settings settings) throws IOException {
        Clock clock = Clock.system();
        this.peerId = PeerId.generate(new SecureRandom());
        this.hashPool = new HashPool();
        ConnectionLimit limit = new ConnectionLimit(settings.maxConnections());
        this.listener = new PeerListener(settings.bind(), limit);
        this.shared = new Shared(hashPool, limit, limiter(clock, settings.maxUploadRate()),
                limiter(clock, settings.maxDownloadRate()), listener.port(), new BlockArrays(KEPT_BLOCK_ARRAYS));
    }

    private static SharedRateLimiter limiter(Clock clock, long rate) {
        return rate <= 0 ? SharedRateLimiter.UNLIMITED
                : new SharedRateLimiter(new TokenBucket(clock, rate, Math.max(rate / 4, 64 * 1024)));
    }

    public static Client start(Settings settings) throws IOException {
        return new Client(settings);
    }

    public int port() {
        return listener.port();
    }

    public PeerId peerId() {
        return peerId;
    }

    /**
     * Adds a torrent whose files are (or will be) below {@code dir}: checks what is on disk, then
     * downloads what is missing and serves what is there.
     *
     * @param priorities per-piece priorities ({@link dev.bittern.engine.PiecePriorities}), or null for all
     */
    public TorrentSession add(Metainfo metainfo, Path dir, FileSelection selection, int[] priorities,
                              SessionSettings settings, boolean useTrackers) throws IOException {
        TorrentSession s = new TorrentSession(metainfo, dir, selection, priorities, peerId, settings, shared, useTrackers);
        sessions.add(s);
        listener.register(s);
        s.start();
        return s;
    }

    public TorrentSession add(Metainfo metainfo, Path dir) throws IOException {
        return add(metainfo, dir, FileSelection.all(), null, SessionSettings.DEFAULTS, true);
    }

    @Override
    public void close() throws IOException {
        try {
            listener.close();
        } finally {
            for (TorrentSession s : sessions) {
                listener.unregister(s);
                s.close();
            }
            hashPool.close();
        }
    }
}
