package dev.bittern.tracker.server;

/**
 * Bounds that keep the tracker's memory and per-request cost finite whatever clients send.
 *
 * @param intervalSeconds    the re-announce interval told to clients; peers silent for two
 *                           intervals expire
 * @param defaultNumWant     peers returned when the client does not say (BEP 3 suggests 50)
 * @param maxNumWant         cap on any client's numwant
 * @param maxTorrents        torrents tracked at once; the least recently announced is dropped first
 * @param maxPeersPerTorrent peers per torrent and address family; the oldest are dropped first
 * @param maxScrapeHashes    info-hashes in one scrape request
 */
public record TrackerLimits(int intervalSeconds, int defaultNumWant, int maxNumWant, int maxTorrents,
                            int maxPeersPerTorrent, int maxScrapeHashes) {
    public static final TrackerLimits DEFAULT = new TrackerLimits(1800, 50, 200, 1_000_000, 100_000, 100);

    public TrackerLimits {
        if (intervalSeconds < 1 || defaultNumWant < 0 || maxNumWant < defaultNumWant || maxTorrents < 1
                || maxPeersPerTorrent < 1 || maxScrapeHashes < 1) {
            throw new IllegalArgumentException("invalid tracker limits: " + this);
        }
    }

    public TrackerLimits withInterval(int seconds) {
        return new TrackerLimits(seconds, defaultNumWant, maxNumWant, maxTorrents, maxPeersPerTorrent, maxScrapeHashes);
    }

    public TrackerLimits withMaxTorrents(int max) {
        return new TrackerLimits(intervalSeconds, defaultNumWant, maxNumWant, max, maxPeersPerTorrent, maxScrapeHashes);
    }

    public TrackerLimits withMaxPeersPerTorrent(int max) {
        return new TrackerLimits(intervalSeconds, defaultNumWant, maxNumWant, maxTorrents, max, maxScrapeHashes);
    }
}
