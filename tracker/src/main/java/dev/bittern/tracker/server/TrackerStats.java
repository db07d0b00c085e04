package dev.bittern.tracker.server;

/** A snapshot of the tracker's counters, for /stats and /metrics. */
public record TrackerStats(int torrents, long seeders, long leechers, long completed, long announces, long scrapes,
                           long expiredPeers, long evictedTorrents) {
    public long peers() {
        return seeders + leechers;
    }
}
