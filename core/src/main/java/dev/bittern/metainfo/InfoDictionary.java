package dev.bittern.metainfo;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The {@code info} dictionary of a v1 torrent (BEP 3): what identifies the content.
 * Immutable; the piece hashes are copied in and out.
 */
public final class InfoDictionary {
    private final String name;
    private final int pieceLength;
    private final byte[] pieces;
    private final List<FileEntry> files;
    private final boolean multiFile;
    private final boolean isPrivate;
    private final long totalLength;

    InfoDictionary(String name, int pieceLength, byte[] pieces, List<FileEntry> files, boolean multiFile, boolean isPrivate) {
        this.name = name;
        this.pieceLength = pieceLength;
        this.pieces = pieces;
        this.files = List.copyOf(files);
        this.multiFile = multiFile;
        this.isPrivate = isPrivate;
        this.totalLength = files.isEmpty() ? 0 : files.get(files.size() - 1).end();
    }

    /** Suggested name of the file (single-file) or of the root folder (multi-file). */
    public String name() {
        return name;
    }

    public int pieceLength() {
        return pieceLength;
    }

    public int pieceCount() {
        return pieces.length / 20;
    }

    /** The SHA-1 of piece {@code index}. */
    public byte[] pieceHash(int index) {
        Objects.checkIndex(index, pieceCount());
        return Arrays.copyOfRange(pieces, index * 20, index * 20 + 20);
    }

    /** Whether {@code sha1} (20 bytes) equals the hash of piece {@code index}, without copying. */
    public boolean pieceHashMatches(int index, byte[] sha1) {
        Objects.checkIndex(index, pieceCount());
        return Arrays.equals(pieces, index * 20, index * 20 + 20, sha1, 0, 20);
    }

    /** Size of piece {@code index}: the piece length, except for a shorter last piece. */
    public int pieceSize(int index) {
        // A bad index would otherwise yield a negative or oversized "size" silently.
        Objects.checkIndex(index, pieceCount());
        if (index < pieceCount() - 1) {
            return pieceLength;
        }
        return (int) (totalLength - (long) index * pieceLength);
    }

    public List<FileEntry> files() {
        return files;
    }

    /** True for the multi-file form ({@code files} list, content in a folder named {@link #name()}). */
    public boolean isMultiFile() {
        return multiFile;
    }

    /** BEP 27: peers only from the torrent's trackers (no DHT, no PEX). */
    public boolean isPrivate() {
        return isPrivate;
    }

    public long totalLength() {
        return totalLength;
    }
}
