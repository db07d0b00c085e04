package dev.bittern.tracker.server;

/** Renders the tracker's counters as an HTML page and in the Prometheus text exposition format. */
final class StatusPages {
    private StatusPages() {
    }

    static String stats(TrackerStats s) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Bittern tracker statistics</title></head><body>\n"
                + "<h1>Tracker statistics</h1>\n<table>\n"
                + row("Torrents", s.torrents())
                + row("Peers", s.peers())
                + row("Seeders", s.seeders())
                + row("Leechers", s.leechers())
                + row("Completed downloads", s.completed())
                + row("Announces", s.announces())
                + row("Scrapes", s.scrapes())
                + row("Expired peers", s.expiredPeers())
                + "</table>\n</body></html>\n";
    }

    /** Prometheus text format 0.0.4: HELP and TYPE lines, then the sample. */
    static String metrics(TrackerStats s) {
        StringBuilder b = new StringBuilder();
        metric(b, "bittern_tracker_torrents", "gauge", "Torrents currently tracked.", s.torrents());
        metric(b, "bittern_tracker_seeders", "gauge", "Peers with the complete torrent.", s.seeders());
        metric(b, "bittern_tracker_leechers", "gauge", "Peers still downloading.", s.leechers());
        metric(b, "bittern_tracker_completed_total", "counter", "Completed downloads reported by peers.", s.completed());
        metric(b, "bittern_tracker_announces_total", "counter", "Announces served (HTTP and UDP).", s.announces());
        metric(b, "bittern_tracker_scrapes_total", "counter", "Scrapes served (HTTP and UDP).", s.scrapes());
        metric(b, "bittern_tracker_expired_peers_total", "counter", "Peers dropped for not re-announcing.", s.expiredPeers());
        metric(b, "bittern_tracker_evicted_torrents_total", "counter", "Torrents dropped at the torrent limit.", s.evictedTorrents());
        return b.toString();
    }

    /** The hosting index: one row per hosted torrent with its live swarm figures. */
    static String index(java.util.List<TorrentCatalog.Entry> entries, java.util.List<ScrapeEntry> figures) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Bittern tracker</title>"
                + "</head><body>\n<h1>Hosted torrents</h1>\n<table>\n<tr><th>Name</th><th>Size</th><th>Info-hash</th>"
                + "<th>Seeders</th><th>Leechers</th><th>Completed</th><th>Magnet</th></tr>\n");
        for (int i = 0; i < entries.size(); i++) {
            TorrentCatalog.Entry e = entries.get(i);
            ScrapeEntry f = figures.get(i);
            String href = "/torrents/" + java.net.URLEncoder.encode(e.fileName(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20");
            b.append("<tr><td><a href=\"").append(escape(href)).append("\">").append(escape(e.name())).append("</a></td>")
                    .append("<td>").append(size(e.totalLength())).append("</td>")
                    .append("<td><code>").append(e.infoHash().hex()).append("</code></td>")
                    .append("<td>").append(f.complete()).append("</td>")
                    .append("<td>").append(f.incomplete()).append("</td>")
                    .append("<td>").append(f.downloaded()).append("</td>")
                    .append("<td><a href=\"").append(escape(e.magnet())).append("\">magnet</a></td></tr>\n");
        }
        return b.append("</table>\n<p><a href=\"/stats\">Statistics</a></p>\n</body></html>\n").toString();
    }

    /** Human-readable size in binary units, e.g. "3.0 MiB (3145728 bytes)". */
    static String size(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s (%d bytes)", v, units[u], bytes);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String row(String name, long value) {
        return "<tr><th>" + name + "</th><td>" + value + "</td></tr>\n";
    }

    private static void metric(StringBuilder b, String name, String type, String help, long value) {
        b.append("# HELP ").append(name).append(' ').append(help).append('\n');
        b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        b.append(name).append(' ').append(value).append('\n');
    }
}
