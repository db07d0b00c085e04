package dev.bittern.storage;

import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.metainfo.InfoHash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Resume data on disk at {@code DIR/.bittern/<infohash-hex>.resume}.
 *
 * <p>Saving is atomic: the bytes go to a temporary file next to it, which is forced to the device,
 * renamed over the old file in one step, and then the folder is forced so the rename itself is
 * durable. A crash at any point leaves either the old or the new file, never a mix; a leftover
 * temporary file is overwritten by the next save and never read.
 */
public final class ResumeFile {
    private ResumeFile() {
    }

    public static Path path(Path downloadDir, InfoHash infoHash) {
        return TorrentStorage.stateDir(downloadDir).resolve(infoHash.hex() + ".resume");
    }

    static Path tempPath(Path downloadDir, InfoHash infoHash) {
        return TorrentStorage.stateDir(downloadDir).resolve(infoHash.hex() + ".resume.tmp");
    }

    /** Atomically replaces the resume file of {@code data.infoHash()}. One saver per torrent at a time. */
    public static void save(Path downloadDir, ResumeData data) throws IOException {
        Path target = path(downloadDir, data.infoHash());
        Path temp = tempPath(downloadDir, data.infoHash());
        Files.createDirectories(target.getParent());
        ByteBuffer bytes = ByteBuffer.wrap(data.encode());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(target.getParent());
    }

    /**
     * Makes the rename durable. POSIX systems allow forcing a folder; Windows cannot open one as a
     * channel (IOException), where NTFS journals the rename itself, so there is nothing more to do.
     */
    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException notSupportedOnThisPlatform) {
            // Deliberately tolerated, see the method comment: the data file itself was already forced.
        }
    }

    /**
     * Loads and validates the resume data for a torrent against the files as they are now
     * ({@link TorrentStorage#fileStates()}). Never throws for bad content: a missing, unreadable,
     * oversized, corrupt or foreign file yields {@link ResumeLoad.Ignored} with the reason.
     */
    public static ResumeLoad load(Path downloadDir, InfoHash infoHash, InfoDictionary info, List<FileState> current) {
        Path file = path(downloadDir, infoHash);
        int n = info.pieceCount();
        byte[] bytes;
        try {
            long size = Files.size(file);
            long max = ResumeData.maxEncodedSize(n, info.files().size());
            if (size > max) {
                return new ResumeLoad.Ignored(file + ": " + size + " bytes, more than the " + max + " a resume file for this torrent can have", n);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new ResumeLoad.Ignored("no resume file " + file, n);
        } catch (IOException e) {
            return new ResumeLoad.Ignored("cannot read " + file + ": " + e, n);
        }
        return parse(bytes, infoHash, info, current);
    }

    /** {@link #load} without the file system: decode untrusted bytes and validate them. */
    static ResumeLoad parse(byte[] bytes, InfoHash infoHash, InfoDictionary info, List<FileState> current) {
        try {
            return ResumeData.decode(bytes).validate(infoHash, info, current);
        } catch (ResumeDataException e) {
            return new ResumeLoad.Ignored(e.getMessage(), info.pieceCount());
        }
    }
}
