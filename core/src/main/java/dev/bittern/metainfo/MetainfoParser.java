package dev.bittern.metainfo;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BInteger;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.bencode.BencodeLimits;
import dev.bittern.bencode.BencodeTypeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses .torrent bytes into {@link Metainfo}. Errors are {@link MetainfoException} naming the
 * field (e.g. "info.files[3].path[1]"), or {@link dev.bittern.bencode.BencodeException} with the
 * byte offset when the bencoding itself is broken.
 */
final class MetainfoParser {
    /** Pieces above 1 GiB exist in no real torrent; the bound keeps piece buffers int-sized. */
    static final int MAX_PIECE_LENGTH = 1 << 30;

    private MetainfoParser() {
    }

    static Metainfo parse(byte[] torrent) {
        Bencode.DecodedDictionary decoded = Bencode.decodeWithRawValues(torrent, BencodeLimits.DEFAULT);
        BDictionary top = decoded.dictionary();
        byte[] rawInfo = decoded.rawValue("info");
        if (rawInfo == null) {
            throw new MetainfoException("info", "missing");
        }
        BDictionary infoDict = field("info", () -> top.require("info", BDictionary.class));
        InfoDictionary info = parseInfo(infoDict);
        return new Metainfo(
                info,
                InfoHash.ofInfo(rawInfo),
                field("announce", () -> top.optionalString("announce")).filter(s -> !s.isEmpty()),
                announceList(top),
                field("creation date", () -> top.optionalLong("creation date")),
                field("comment", () -> top.optionalString("comment")),
                field("created by", () -> top.optionalString("created by")),
                urlList(top));
    }

    static InfoDictionary parseInfo(BDictionary info) {
        String name = field("info.name", () -> info.requireString("name"));
        String nameProblem = TorrentPaths.problemWith(name);
        if (nameProblem != null) {
            throw new MetainfoException("info.name", nameProblem);
        }
        long pieceLength = field("info.piece length", () -> info.requireLong("piece length"));
        if (pieceLength <= 0 || pieceLength > MAX_PIECE_LENGTH) {
            throw new MetainfoException("info.piece length", "must be between 1 and " + MAX_PIECE_LENGTH + ", got " + pieceLength);
        }
        if (!info.containsKey("pieces") && (info.containsKey("meta version") || info.containsKey("file tree"))) {
            throw new MetainfoException("info.pieces", "missing: BitTorrent v2-only torrents are not supported");
        }
        byte[] pieces = field("info.pieces", () -> info.require("pieces", BString.class)).bytes();
        if (pieces.length % 20 != 0) {
            throw new MetainfoException("info.pieces", "length " + pieces.length + " is not a multiple of 20");
        }
        boolean isPrivate = field("info.private", () -> info.optionalLong("private")).orElse(0L) == 1L;

        boolean hasLength = info.containsKey("length");
        boolean hasFiles = info.containsKey("files");
        if (hasLength == hasFiles) {
            throw new MetainfoException("info", hasLength ? "has both 'length' and 'files'" : "has neither 'length' nor 'files'");
        }
        List<FileEntry> files = new ArrayList<>();
        if (hasLength) {
            long length = field("info.length", () -> info.requireLong("length"));
            if (length < 0) {
                throw new MetainfoException("info.length", "negative: " + length);
            }
            files.add(new FileEntry(List.of(name), length, 0, false));
        } else {
            BList list = field("info.files", () -> info.require("files", BList.class));
            if (list.size() == 0) {
                throw new MetainfoException("info.files", "empty list");
            }
            long offset = 0;
            for (int i = 0; i < list.size(); i++) {
                String f = "info.files[" + i + "]";
                if (!(list.get(i) instanceof BDictionary fd)) {
                    throw new MetainfoException(f, "expected a dictionary, found " + list.get(i).typeName());
                }
                long length = field(f + ".length", () -> fd.requireLong("length"));
                if (length < 0) {
                    throw new MetainfoException(f + ".length", "negative: " + length);
                }
                List<String> path = path(f, fd);
                boolean padding = field(f + ".attr", () -> fd.optionalString("attr")).orElse("").contains("p");
                if (Long.MAX_VALUE - offset < length) {
                    throw new MetainfoException(f + ".length", "total length overflows");
                }
                files.add(new FileEntry(path, length, offset, padding));
                offset += length;
            }
            checkNoPathClash(files);
        }
        long total = files.get(files.size() - 1).end();
        // (total - 1) / n + 1 rather than (total + n - 1) / n: the latter overflows near Long.MAX_VALUE.
        long expectedPieces = total == 0 ? 0 : (total - 1) / pieceLength + 1;
        if (pieces.length / 20 != expectedPieces) {
            throw new MetainfoException("info.pieces", "has " + pieces.length / 20 + " hashes but " + total
                    + " bytes in pieces of " + pieceLength + " need " + expectedPieces);
        }
        return new InfoDictionary(name, (int) pieceLength, pieces, files, hasFiles, isPrivate);
    }

    private static List<String> path(String f, BDictionary fd) {
        BList p = field(f + ".path", () -> fd.require("path", BList.class));
        if (p.size() == 0) {
            throw new MetainfoException(f + ".path", "empty path");
        }
        List<String> out = new ArrayList<>(p.size());
        for (int j = 0; j < p.size(); j++) {
            String where = f + ".path[" + j + "]";
            if (!(p.get(j) instanceof BString s)) {
                throw new MetainfoException(where, "expected a string, found " + p.get(j).typeName());
            }
            String c = s.utf8();
            String problem = TorrentPaths.problemWith(c);
            if (problem != null) {
                throw new MetainfoException(where, problem + " (file '" + String.join("/", pathSoFar(p)) + "')");
            }
            out.add(c);
        }
        return out;
    }

    private static List<String> pathSoFar(BList p) {
        List<String> parts = new ArrayList<>();
        for (BValue v : p.values()) {
            parts.add(v instanceof BString s ? s.utf8() : "?");
        }
        return parts;
    }

    private static List<List<String>> announceList(BDictionary top) {
        Optional<BList> al = field("announce-list", () -> top.optional("announce-list", BList.class));
        List<List<String>> tiers = new ArrayList<>();
        if (al.isEmpty()) {
            return tiers;
        }
        for (int i = 0; i < al.get().size(); i++) {
            if (!(al.get().get(i) instanceof BList tier)) {
                throw new MetainfoException("announce-list[" + i + "]", "expected a list, found " + al.get().get(i).typeName());
            }
            List<String> urls = new ArrayList<>();
            for (int j = 0; j < tier.size(); j++) {
                if (!(tier.get(j) instanceof BString s)) {
                    throw new MetainfoException("announce-list[" + i + "][" + j + "]", "expected a string, found " + tier.get(j).typeName());
                }
                if (s.length() > 0) {
                    urls.add(s.utf8());
                }
            }
            if (!urls.isEmpty()) {
                tiers.add(urls);
            }
        }
        return tiers;
    }

    /** BEP 19: a single URL string or a list of them. */
    private static List<String> urlList(BDictionary top) {
        BValue v = top.get("url-list");
        List<String> urls = new ArrayList<>();
        if (v instanceof BString s) {
            if (s.length() > 0) {
                urls.add(s.utf8());
            }
        } else if (v instanceof BList l) {
            for (int i = 0; i < l.size(); i++) {
                if (!(l.get(i) instanceof BString s)) {
                    throw new MetainfoException("url-list[" + i + "]", "expected a string, found " + l.get(i).typeName());
                }
                if (s.length() > 0) {
                    urls.add(s.utf8());
                }
            }
        } else if (v instanceof BInteger || v instanceof BDictionary) {
            throw new MetainfoException("url-list", "expected a string or list, found " + v.typeName());
        }
        return urls;
    }

    private interface Getter<T> {
        T get();
    }

    /** Re-labels a type error with the dotted field path the user can find in the file. */
    private static <T> T field(String name, Getter<T> g) {
        try {
            return g.get();
        } catch (BencodeTypeException e) {
            String why = e.getMessage().replaceFirst("^field '[^']*': ", "");
            if (why.endsWith(", found nothing")) {
                why = "missing (" + why.substring(0, why.length() - ", found nothing".length()) + ")";
            }
            throw new MetainfoException(name, why, e);
        }
    }

    /**
     * Refuses two files that would land on the same disk path: an exact duplicate, or one file's
     * path used as a folder by another ("a" and "a/b"). After sorting the paths component-wise,
     * any such pair shows up as neighbours (everything sorted between "a" and "a/b" starts with
     * "a" too), so one pass over neighbours finds it. Memory stays one index per file even for
     * hostile, very deep paths; time is O(n log n) comparisons.
     */
    private static void checkNoPathClash(List<FileEntry> files) {
        Integer[] order = new Integer[files.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> comparePaths(files.get(x).path(), files.get(y).path()));
        for (int k = 1; k < order.length; k++) {
            int ia = order[k - 1];
            int ib = order[k];
            List<String> a = files.get(ia).path();
            List<String> b = files.get(ib).path();
            if (a.size() > b.size() || !b.subList(0, a.size()).equals(a)) {
                continue;
            }
            int later = Math.max(ia, ib);
            String why;
            if (a.size() == b.size()) {
                why = "duplicate file '" + String.join("/", b) + "'";
            } else if (later == ib) {
                why = "file '" + String.join("/", b) + "' lies below '" + String.join("/", a) + "', which is a file";
            } else {
                why = "file '" + String.join("/", a) + "' is also a folder of another file";
            }
            throw new MetainfoException("info.files[" + later + "].path", why);
        }
    }

    private static int comparePaths(List<String> a, List<String> b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }
}
