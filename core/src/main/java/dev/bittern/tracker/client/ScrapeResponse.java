package dev.bittern.tracker.client;

import dev.bittern.metainfo.InfoHash;
import java.util.Objects;

/**
 * A tracker's scrape counts for one torrent (BEP 48 {@code files} entry, BEP 15 scrape triple).
 *
 * @param infoHash   the torrent
 * @param complete   seeders
 * @param downloaded how many times the torrent was completed
 * @param incomplete leechers
 */
public record ScrapeResponse(InfoHash infoHash, long complete, long downloaded, long incomplete) {
    public ScrapeResponse {
        Objects.requireNonNull(infoHash, "infoHash");
    }
}
