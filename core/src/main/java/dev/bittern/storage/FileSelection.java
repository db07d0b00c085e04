package dev.bittern.storage;

import java.util.BitSet;

/**
 * Which files of a torrent the user wants on disk (by index into {@code InfoDictionary.files()}).
 * Files that are not wanted are never created; see {@link TorrentStorage} for where the bytes of
 * a piece that straddles a wanted and an unwanted file go.
 */
public final class FileSelection {
    private static final FileSelection ALL = new FileSelection(null);

    private final BitSet wanted;

    private FileSelection(BitSet wanted) {
        this.wanted = wanted;
    }

    public static FileSelection all() {
        return ALL;
    }

    /** Only the files with these indices. */
    public static FileSelection only(int... fileIndices) {
        BitSet b = new BitSet();
        for (int i : fileIndices) {
            if (i < 0) {
                throw new IllegalArgumentException("file index must not be negative: " + i);
            }
            b.set(i);
        }
        return new FileSelection(b);
    }

    public boolean isWanted(int fileIndex) {
        return wanted == null || wanted.get(fileIndex);
    }
}
