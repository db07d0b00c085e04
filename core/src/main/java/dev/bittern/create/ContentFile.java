package dev.bittern.create;

import java.nio.file.Path;
import java.util.List;

/**
 * One file to put in a torrent.
 *
 * @param path   components below the torrent's root folder (single-file: just the name)
 * @param source where the bytes are read from
 * @param length size in bytes when scanned
 */
public record ContentFile(List<String> path, Path source, long length) {
    public ContentFile {
        path = List.copyOf(path);
    }

    public String displayPath() {
        return String.join("/", path);
    }
}
