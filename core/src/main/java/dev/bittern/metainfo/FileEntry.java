package dev.bittern.metainfo;

import java.util.List;

/**
 * One file of a torrent, placed in the torrent's continuous byte space (BEP 3: files are
 * concatenated in the order given, and pieces run across file boundaries).
 *
 * @param path    path components below the torrent's root folder (for a single-file torrent: just the name)
 * @param length  file length in bytes
 * @param offset  where the file starts in the concatenated byte space
 * @param padding true for a BEP 47 padding file (attr contains 'p'): its bytes are zeros and never written
 */
public record FileEntry(List<String> path, long length, long offset, boolean padding) {
    public FileEntry {
        path = List.copyOf(path);
    }

    /** The path joined with '/', for messages and listings. */
    public String displayPath() {
        return String.join("/", path);
    }

    public long end() {
        return offset + length;
    }
}
