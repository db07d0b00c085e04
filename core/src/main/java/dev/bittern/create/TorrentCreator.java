package dev.bittern.create;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.Metainfo;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.LongConsumer;

/**
 * Builds a v1 .torrent (BEP 3, announce-list BEP 12, private BEP 27) for scanned {@link Content}.
 * No v2 fields and no padding files, so the info dictionary (and the info-hash) is the one
 * mktorrent writes for the same files, name and piece length.
 */
public final class TorrentCreator {
    public static final String CREATED_BY = "Bittern 0.1.0";

    private final PieceHasher hasher;

    public TorrentCreator(PieceHasher hasher) {
        this.hasher = hasher;
    }

    /**
     * What goes around the content.
     *
     * @param trackerTiers  tracker URLs, one inner list per tier (BEP 12); may be empty (trackerless)
     * @param pieceLength   bytes per piece; empty = {@link PieceLengthPolicy#forContentLength}
     * @param isPrivate     sets {@code private=1} in the info dictionary (BEP 27)
     * @param comment       free text
     * @param creationDate  seconds since the epoch
     * @param createdBy     the program name written to {@code created by}
     */
    public record Options(List<List<String>> trackerTiers, OptionalInt pieceLength, boolean isPrivate,
                          Optional<String> comment, OptionalLong creationDate, String createdBy) {
        public Options {
            trackerTiers = trackerTiers.stream().map(List::copyOf).toList();
            for (List<String> tier : trackerTiers) {
                if (tier.isEmpty()) {
                    throw new IllegalArgumentException("empty tracker tier");
                }
                tier.forEach(TorrentCreator::checkTrackerUrl);
            }
            if (pieceLength.isPresent()) {
                int p = pieceLength.getAsInt();
                if (p < PieceLengthPolicy.MIN || p > PieceLengthPolicy.MAX || Integer.bitCount(p) != 1) {
                    throw new IllegalArgumentException("piece length " + p + " is not a power of two from 16KiB to 64MiB");
                }
            }
        }

        /** No trackers, automatic piece length, public, no comment, no date. */
        public static Options defaults() {
            return new Options(List.of(), OptionalInt.empty(), false, Optional.empty(), OptionalLong.empty(), CREATED_BY);
        }
    }

    /** The .torrent bytes and their parsed form (parsed back with the strict parser as a self-check). */
    public record Result(byte[] torrent, Metainfo metainfo) {
    }

    public Result create(Content content, Options options, LongConsumer progress) throws IOException {
        long total = content.totalLength();
        int pieceLength = options.pieceLength().orElse(PieceLengthPolicy.forContentLength(total));
        byte[] pieces = hasher.hashAll(content.segments(), pieceLength, progress);

        BDictionary.Builder info = BDictionary.builder()
                .put("name", content.name())
                .put("piece length", pieceLength)
                .put("pieces", pieces);
        if (content.multiFile()) {
            List<BValue> files = new ArrayList<>();
            for (ContentFile f : content.files()) {
                List<BValue> path = f.path().stream().<BValue>map(BString::of).toList();
                files.add(BDictionary.builder().put("length", f.length()).put("path", new BList(path)).build());
            }
            info.put("files", new BList(files));
        } else {
            info.put("length", total);
        }
        if (options.isPrivate()) {
            info.put("private", 1);
        }

        BDictionary.Builder top = BDictionary.builder().put("info", info.build());
        List<List<String>> tiers = options.trackerTiers();
        if (!tiers.isEmpty()) {
            top.put("announce", tiers.get(0).get(0));
            // BEP 12: only needed when there is more than one URL; clients then ignore 'announce'.
            if (tiers.size() > 1 || tiers.get(0).size() > 1) {
                List<BValue> list = new ArrayList<>();
                for (List<String> tier : tiers) {
                    list.add(new BList(tier.stream().<BValue>map(BString::of).toList()));
                }
                top.put("announce-list", new BList(list));
            }
        }
        options.comment().ifPresent(c -> top.put("comment", c));
        top.put("created by", options.createdBy());
        options.creationDate().ifPresent(d -> top.put("creation date", d));
        byte[] torrent = Bencode.encode(top.build());
        return new Result(torrent, Metainfo.parse(torrent));
    }

    static void checkTrackerUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https") || scheme.equals("udp")) || uri.getHost() == null) {
                throw new IllegalArgumentException("tracker URL '" + url + "': expected http://, https:// or udp://HOST...");
            }
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("tracker URL '" + url + "': " + e.getReason() + " at index " + e.getIndex(), e);
        }
    }
}
