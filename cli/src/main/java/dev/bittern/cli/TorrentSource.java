package dev.bittern.cli;

import dev.bittern.bencode.BencodeException;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.metainfo.MetainfoException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/** Loads a .torrent from a file or an http(s) URL, with one-line errors. */
final class TorrentSource {
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
    /** As large as the bencode decoder accepts: enough for any real .torrent. */
    static final int MAX_TORRENT_BYTES = 64 << 20;

    private TorrentSource() {
    }

    static Metainfo load(String source) {
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("magnet:")) {
            throw new UserError(source + ": magnet links need the metadata exchange (BEP 9), which download does not do yet; pass the .torrent");
        }
        byte[] bytes = lower.startsWith("http://") || lower.startsWith("https://") ? fetch(source) : read(source);
        try {
            return Metainfo.parse(bytes);
        } catch (MetainfoException e) {
            throw new UserError(source + ": " + e.getMessage());
        } catch (BencodeException e) {
            throw new UserError(source + ": invalid torrent: " + e.getMessage());
        }
    }

    private static byte[] fetch(String source) {
        URI url;
        try {
            url = URI.create(source);
        } catch (IllegalArgumentException e) {
            throw new UserError(source + ": not a valid URL (" + e.getMessage() + ")");
        }
        return new TorrentFetcher(FETCH_TIMEOUT, MAX_TORRENT_BYTES).fetch(url);
    }

    private static byte[] read(String source) {
        try {
            Path path = Path.of(source);
            if (Files.isDirectory(path)) {
                throw new UserError(source + ": is a directory, not a .torrent file");
            }
            long size = Files.size(path);
            if (size > MAX_TORRENT_BYTES) {
                throw new UserError(source + ": " + size + " bytes is more than the " + MAX_TORRENT_BYTES + "-byte limit for a .torrent");
            }
            return Files.readAllBytes(path);
        } catch (InvalidPathException e) {
            throw new UserError(source + ": not a valid file name");
        } catch (NoSuchFileException e) {
            throw new UserError(source + ": no such file");
        } catch (IOException e) {
            throw new UserError(source + ": cannot read: " + e.getMessage());
        }
    }
}
