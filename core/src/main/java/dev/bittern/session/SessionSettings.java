package dev.bittern.session;

import dev.bittern.engine.Choker;
import dev.bittern.engine.RequestPipeline;

import java.time.Duration;

/**
 * Tunables of one torrent's session.
 *
 * @param maxPeers        connections per torrent (incoming and outgoing)
 * @param maxUploadRate   bytes/s for this torrent, 0 = unlimited
 * @param maxDownloadRate bytes/s for this torrent, 0 = unlimited
 * @param requestTimeout  an outstanding block request older than this is given to another peer
 * @param maxPeerRequests requests a peer may have queued with us; more is a flood and closes the connection
 * @param banAfter        hash failures a peer may contribute to before it is banned
 * @param reconnectDelay  how long to wait before dialling a known address again
 * @param directWrites    verified pieces are written with direct I/O, past the page cache
 *                        ({@link dev.bittern.storage.TorrentStorage#open(dev.bittern.metainfo.InfoHash,
 *                        dev.bittern.metainfo.InfoDictionary, java.nio.file.Path, dev.bittern.storage.FileSelection, boolean)})
 */
public record SessionSettings(int maxPeers, long maxUploadRate, long maxDownloadRate, Choker.Settings choker,
                              RequestPipeline pipeline, Duration requestTimeout, int maxPeerRequests, int banAfter,
                              Duration reconnectDelay, boolean directWrites) {
    /**
     * BEP 10 {@code reqq} we advertise, libtorrent's own default (500); we accept this many plus slack.
     * A libtorrent downloader keeps at most this many requests outstanding with us: at 250 (4 MiB in
     * flight) it fetched 1 GiB over loopback from a Bittern seed in 5.5 s, at 500 in 4.0 s
     * (docs/benchmarks.md, "Session 4").
     */
    public static final int ADVERTISED_REQUEST_QUEUE = 500;

    /** Connections per torrent by default. */
    public static final int DEFAULT_MAX_PEERS = 50;

    public static final SessionSettings DEFAULTS = new SessionSettings(DEFAULT_MAX_PEERS, 0, 0, Choker.Settings.DEFAULTS,
            RequestPipeline.DEFAULT, Duration.ofSeconds(30), 2 * ADVERTISED_REQUEST_QUEUE, 2, Duration.ofSeconds(3), true);

    public SessionSettings {
        if (maxPeers < 1 || maxUploadRate < 0 || maxDownloadRate < 0 || maxPeerRequests < 1 || banAfter < 1) {
            throw new IllegalArgumentException("invalid session settings");
        }
    }

    public SessionSettings withRates(long up, long down) {
        return new SessionSettings(maxPeers, up, down, choker, pipeline, requestTimeout, maxPeerRequests, banAfter, reconnectDelay,
                directWrites);
    }

    public SessionSettings withMaxPeers(int n) {
        return new SessionSettings(n, maxUploadRate, maxDownloadRate, choker, pipeline, requestTimeout, maxPeerRequests, banAfter,
                reconnectDelay, directWrites);
    }

    public SessionSettings withDirectWrites(boolean direct) {
        return new SessionSettings(maxPeers, maxUploadRate, maxDownloadRate, choker, pipeline, requestTimeout, maxPeerRequests,
                banAfter, reconnectDelay, direct);
    }
}
