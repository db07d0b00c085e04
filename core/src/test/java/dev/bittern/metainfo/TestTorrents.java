package dev.bittern.metainfo;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import java.util.ArrayList;
import java.util.List;

/** Hand-built .torrent bytes for tests, made with the bencode builder. */
final class TestTorrents {
    private TestTorrents() {
    }

    /** Piece hashes (arbitrary, but the right count) for {@code total} bytes in pieces of {@code pieceLength}. */
    static byte[] pieces(long total, int pieceLength) {
        int count = (int) ((total + pieceLength - 1) / pieceLength);
        byte[] p = new byte[count * 20];
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) (i * 31 + 7);
        }
        return p;
    }

    static BDictionary.Builder singleFileInfo(String name, long length, int pieceLength) {
        return BDictionary.builder()
                .put("name", name)
                .put("length", length)
                .put("piece length", pieceLength)
                .put("pieces", pieces(length, pieceLength));
    }

    static BDictionary file(long length, String... path) {
        List<BValue> parts = new ArrayList<>();
        for (String p : path) {
            parts.add(BString.of(p));
        }
        return BDictionary.builder().put("length", length).put("path", new BList(parts)).build();
    }

    static BDictionary.Builder multiFileInfo(String name, int pieceLength, BDictionary... files) {
        long total = 0;
        for (BDictionary f : files) {
            total += f.requireLong("length");
        }
        return BDictionary.builder()
                .put("name", name)
                .put("files", new BList(List.of((BValue[]) files)))
                .put("piece length", pieceLength)
                .put("pieces", pieces(total, pieceLength));
    }

    static byte[] torrent(BDictionary info) {
        return Bencode.encode(BDictionary.builder().put("announce", "http://tracker.example/announce").put("info", info).build());
    }

    static BList strings(String... values) {
        List<BValue> out = new ArrayList<>();
        for (String v : values) {
            out.add(BString.of(v));
        }
        return new BList(out);
    }
}
