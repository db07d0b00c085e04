package dev.bittern.tracker.server;

/**
 * What the tracker answers to an announce.
 *
 * @param complete   seeders of the torrent (BEP 3 {@code complete}, BEP 15 seeders)
 * @param incomplete leechers
 * @param peers4     chosen IPv4 peers (BEP 23 {@code peers})
 * @param peers6     chosen IPv6 peers (BEP 7 {@code peers6})
 */
public record AnnounceResult(int intervalSeconds, int minIntervalSeconds, int complete, int incomplete,
                             long downloaded, PeerList peers4, PeerList peers6) {
}
