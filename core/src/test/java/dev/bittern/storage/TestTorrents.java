package dev.bittern.storage;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.Metainfo;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/** Builds .torrent bytes by hand (through the real parser), so tests can shape files and hashes freely. */
final class TestTorrents {
    private TestTorrents() {
    }

    /** One file of a multi-file test torrent; a padding file's content is zeros. */
    record TestFile(List<String> path, byte[] content, boolean padding) {
        static TestFile of(byte[] content, String... path) {
            return new TestFile(List.of(path), content, false);
        }

        static TestFile padding(int length, String... path) {
            return new TestFile(List.of(path), new byte[length], true);
        }
    }

    static Metainfo singleFile(String name, byte[] content, int pieceLength) {
        BDictionary info = BDictionary.builder()
                .put("name", name)
                .put("piece length", pieceLength)
                .put("length", content.length)
                .put("pieces", hashes(content, pieceLength))
                .build();
        return parse(info);
    }

    static Metainfo multiFile(String name, int pieceLength, List<TestFile> files) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        List<BValue> entries = new ArrayList<>();
        for (TestFile f : files) {
            all.writeBytes(f.content());
            List<BValue> path = new ArrayList<>();
            f.path().forEach(c -> path.add(BString.of(c)));
            BDictionary.Builder e = BDictionary.builder().put("length", f.content().length).put("path", new BList(path));
            if (f.padding()) {
                e.put("attr", "p");
            }
            entries.add(e.build());
        }
        BDictionary info = BDictionary.builder()
                .put("name", name)
                .put("piece length", pieceLength)
                .put("files", new BList(entries))
                .put("pieces", hashes(all.toByteArray(), pieceLength))
                .build();
        return parse(info);
    }

    /** A single-file torrent of {@code length} bytes whose piece hashes are given, without the content. */
    static Metainfo singleFileWithHashes(String name, long length, int pieceLength, IntFunction<byte[]> hashOfPiece) {
        int count = (int) ((length + pieceLength - 1) / pieceLength);
        byte[] pieces = new byte[count * 20];
        for (int i = 0; i < count; i++) {
            System.arraycopy(hashOfPiece.apply(i), 0, pieces, i * 20, 20);
        }
        BDictionary info = BDictionary.builder()
                .put("name", name)
                .put("piece length", pieceLength)
                .put("length", length)
                .put("pieces", pieces)
                .build();
        return parse(info);
    }

    static Metainfo parse(BDictionary info) {
        return Metainfo.parse(Bencode.encode(BDictionary.builder().put("info", info).build()));
    }

    static byte[] hashes(byte[] content, int pieceLength) {
        int count = (content.length + pieceLength - 1) / pieceLength;
        byte[] out = new byte[count * 20];
        for (int i = 0; i < count; i++) {
            MessageDigest md = sha1();
            md.update(content, i * pieceLength, Math.min(pieceLength, content.length - i * pieceLength));
            System.arraycopy(md.digest(), 0, out, i * 20, 20);
        }
        return out;
    }

    static byte[] sha1(byte[] data) {
        return sha1().digest(data);
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Deterministic non-zero content, different per seed. */
    static byte[] content(int length, int seed) {
        byte[] b = new byte[length];
        long x = seed * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }

    static byte[] slice(byte[] b, long from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, (int) from, out, 0, length);
        return out;
    }
}
