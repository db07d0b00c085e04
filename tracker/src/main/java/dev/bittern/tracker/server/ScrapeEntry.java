package dev.bittern.tracker.server;

/** Per-torrent scrape figures (BEP 48): seeders, leechers, completed downloads. */
public record ScrapeEntry(InfoHash infoHash, int complete, int incomplete, long downloaded) {
}
