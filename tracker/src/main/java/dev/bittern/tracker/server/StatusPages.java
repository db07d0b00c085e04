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
