package dev.bittern.tracker.server;

import dev.bittern.bencode.BencodeException;
import dev.bittern.metainfo.MagnetLink;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.metainfo.MetainfoException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The .torrent files of the hosting folder, as parsed metadata (the bytes are read again when a
 * file is downloaded, so memory does not grow with the folder). Rescanned at most every
 * {@link #RESCAN_NANOS}; scanning happens outside any lock and the result is swapped in whole.
 * Only plain files directly in the folder whose names end in {@code .torrent} are listed, and
 * only listed names are served, so a request path can never reach outside the folder.
 */
final class TorrentCatalog {
    private static final Logger LOG = Logger.getLogger(TorrentCatalog.class.getName());
    static final long MAX_TORRENT_BYTES = 16L << 20;
    static final int MAX_FILES = 10_000;
    private static final long RESCAN_NANOS = 5_000_000_000L;

    /** One hosted torrent: its file name, display name, total size, info-hash and magnet URI. */
    record Entry(String fileName, String name, long totalLength, InfoHash infoHash, String magnet) {
    }

    private record Snapshot(long scannedAtNanos, List<Entry> entries) {
    }

    private final Path directory;
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();

    TorrentCatalog(Path directory) {
        this.directory = directory;
    }

    List<Entry> entries() {
        Snapshot s = snapshot.get();
        long now = System.nanoTime();
        if (s == null || now - s.scannedAtNanos() > RESCAN_NANOS) {
            s = new Snapshot(now, scan());
            snapshot.set(s);
        }
        return s.entries();
    }

    Optional<Entry> find(String fileName) {
        return entries().stream().filter(e -> e.fileName().equals(fileName)).findFirst();
    }

    /** The current bytes of a listed file, bounded by {@link #MAX_TORRENT_BYTES}. */
    byte[] read(Entry entry) throws IOException {
        return readBounded(directory.resolve(entry.fileName()));
    }

    private List<Entry> scan() {
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.torrent")) {
            for (Path file : files) {
                if (out.size() == MAX_FILES) {
                    LOG.warning("hosting folder " + directory + " has more than " + MAX_FILES + " torrents; listing the first");
                    break;
                }
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                try {
                    Metainfo m = Metainfo.parse(readBounded(file));
                    out.add(new Entry(file.getFileName().toString(), m.info().name(), m.info().totalLength(),
                            InfoHash.of(m.infoHash().bytes()), MagnetLink.of(m).toUri()));
                } catch (IOException | MetainfoException | BencodeException e) {
                    LOG.log(Level.WARNING, "not hosting " + file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot list hosting folder " + directory + ": " + e.getMessage());
        }
        out.sort(Comparator.comparing(Entry::fileName));
        return List.copyOf(out);
    }

    private static byte[] readBounded(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) MAX_TORRENT_BYTES + 1);
            if (bytes.length > MAX_TORRENT_BYTES) {
                throw new IOException(file.getFileName() + " is larger than " + MAX_TORRENT_BYTES + " bytes");
            }
            return bytes;
        }
    }
}
