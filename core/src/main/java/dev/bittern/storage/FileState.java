package dev.bittern.storage;

/**
 * What a torrent file looked like on disk, to notice changes made while Bittern was not running.
 *
 * @param size        length in bytes, or -1 when the file does not exist
 * @param mtimeMillis last-modified time in milliseconds since the epoch (0 when absent)
 */
public record FileState(long size, long mtimeMillis) {
    public static final FileState ABSENT = new FileState(-1, 0);

    public FileState {
        if (size < -1) {
            throw new IllegalArgumentException("file size must be >= -1, got " + size);
        }
    }

    public boolean exists() {
        return size >= 0;
    }
}
