package dev.bittern.tracker.client;

import dev.bittern.bencode.BString;
import dev.bittern.metainfo.InfoHash;
import dev.bittern.metainfo.UrlBytes;
import java.util.List;
import java.util.Optional;

/** Builds HTTP tracker URLs: the BEP 3 announce query and the BEP 48 scrape URL. */
public final class HttpTrackerUrls {
    private HttpTrackerUrls() {
    }

    /**
     * The announce URL: the tracker's URL with the BEP 3 parameters appended (after {@code &}
     * when the URL already has a query, as private trackers' passkey URLs do). {@code info_hash}
     * and {@code peer_id} are raw bytes, percent-encoded.
     *
     * @param trackerId the {@code tracker id} this tracker sent earlier, echoed as {@code trackerid}
     */
    public static String announce(String announceUrl, AnnounceRequest r, Optional<BString> trackerId) {
        StringBuilder sb = new StringBuilder(announceUrl.length() + 256).append(announceUrl)
                .append(announceUrl.indexOf('?') >= 0 ? '&' : '?')
                .append("info_hash=").append(r.infoHash().urlEncoded())
                .append("&peer_id=").append(UrlBytes.encode(r.peerId()))
                .append("&port=").append(r.port())
                .append("&uploaded=").append(r.uploaded())
                .append("&downloaded=").append(r.downloaded())
                .append("&left=").append(r.left())
                .append("&compact=").append(r.compact() ? 1 : 0);
        if (r.event() != AnnounceEvent.NONE) {
            sb.append("&event=").append(r.event().httpName());
        }
        if (r.numWant() >= 0) {
            sb.append("&numwant=").append(r.numWant());
        }
        // The key is an opaque number; 8 hex digits, as common clients send it.
        sb.append("&key=").append(String.format("%08X", r.key()));
        trackerId.ifPresent(id -> sb.append("&trackerid=").append(UrlBytes.encode(id.bytes())));
        return sb.toString();
    }

    /**
     * The scrape URL of an announce URL (BEP 48): the last path segment must begin with
     * {@code announce}, which is replaced by {@code scrape}; otherwise the tracker does not
     * support scrape and the result is empty.
     */
    public static Optional<String> scrape(String announceUrl) {
        int queryStart = announceUrl.indexOf('?');
        String path = queryStart >= 0 ? announceUrl.substring(0, queryStart) : announceUrl;
        int slash = path.lastIndexOf('/');
        if (slash < 0 || !path.startsWith("announce", slash + 1)) {
            return Optional.empty();
        }
        return Optional.of(path.substring(0, slash + 1) + "scrape" + announceUrl.substring(slash + 1 + "announce".length()));
    }

    /** The scrape URL with one {@code info_hash} parameter per torrent. */
    public static String scrapeQuery(String scrapeUrl, List<InfoHash> infoHashes) {
        StringBuilder sb = new StringBuilder(scrapeUrl);
        char sep = scrapeUrl.indexOf('?') >= 0 ? '&' : '?';
        for (InfoHash h : infoHashes) {
            sb.append(sep).append("info_hash=").append(h.urlEncoded());
            sep = '&';
        }
        return sb.toString();
    }
}
