package dev.bittern.tracker.server;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.Bencode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Writes single-file .torrent files for tests (BEP 3 metainfo). */
final class TestTorrents {
    private TestTorrents() {
    }

    record Made(Path torrent, InfoHash infoHash) {
    }

    static Made singleFile(Path data, String announce, Path torrentOut) throws IOException {
        byte[] content = Files.readAllBytes(data);
        int pieceLength = 64 * 1024;
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        for (int off = 0; off < content.length; off += pieceLength) {
            pieces.writeBytes(sha1(Arrays.copyOfRange(content, off, Math.min(content.length, off + pieceLength))));
        }
        BDictionary info = BDictionary.builder()
                .put("length", content.length)
                .put("name", data.getFileName().toString())
                .put("piece length", pieceLength)
                .put("pieces", pieces.toByteArray())
                .build();
        byte[] torrent = Bencode.encode(BDictionary.builder().put("announce", announce).put("info", info).build());
        Files.write(torrentOut, torrent);
        return new Made(torrentOut, InfoHash.of(sha1(Bencode.encode(info))));
    }

    static byte[] sha1(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
