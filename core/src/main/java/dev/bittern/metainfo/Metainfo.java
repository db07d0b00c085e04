package dev.bittern.metainfo;

import java.util.List;
import java.util.Optional;

/**
 * A parsed .torrent file (BEP 3 with BEP 12 announce-list, BEP 19 url-list, BEP 27 private).
 *
 * @param info         the info dictionary
 * @param infoHash     SHA-1 of the raw {@code info} bytes exactly as they appear in the file
 * @param announce     the tracker URL of the {@code announce} key, if any
 * @param announceList tracker tiers (BEP 12); empty when absent
 * @param creationDate seconds since the epoch, if given
 * @param urlList      web seeds (BEP 19), kept for later use
 */
public record Metainfo(
        InfoDictionary info,
        InfoHash infoHash,
        Optional<String> announce,
        List<List<String>> announceList,
        Optional<Long> creationDate,
        Optional<String> comment,
        Optional<String> createdBy,
        List<String> urlList) {

    public Metainfo {
        announceList = announceList.stream().map(List::copyOf).toList();
        urlList = List.copyOf(urlList);
    }

    /** Parses .torrent bytes; see {@link MetainfoParser}. */
    public static Metainfo parse(byte[] torrent) {
        return MetainfoParser.parse(torrent);
    }

    /**
     * The trackers to use, as tiers: the announce-list when present (BEP 12 says clients
     * then ignore {@code announce}), otherwise the single {@code announce} URL.
     */
    public List<List<String>> trackerTiers() {
        if (!announceList.isEmpty()) {
            return announceList;
        }
        return announce.map(a -> List.of(List.of(a))).orElse(List.of());
    }
}
