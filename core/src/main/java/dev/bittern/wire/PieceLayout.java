package dev.bittern.wire;

import dev.bittern.metainfo.InfoDictionary;

/**
 * How a torrent's bytes split into pieces and 16 KiB blocks: the geometry that wire
 * validation (requests must fit a piece) and the piece picker share. The last piece, and the
 * last block of each piece, may be shorter.
 */
public record PieceLayout(long totalLength, int pieceLength) {
    /**
     * The request size every client uses. BEP 3: "All current implementations use 2^14 (16 kiB),
     * and close connections which request an amount greater than that."
     */
    public static final int BLOCK_LENGTH = 16 * 1024;

    public PieceLayout {
        if (pieceLength <= 0) {
            throw new IllegalArgumentException("piece length must be positive: " + pieceLength);
        }
        if (totalLength < 0) {
            throw new IllegalArgumentException("total length must not be negative: " + totalLength);
        }
        if ((totalLength + pieceLength - 1) / pieceLength > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many pieces: " + totalLength + " / " + pieceLength);
        }
    }

    public static PieceLayout of(InfoDictionary info) {
        return new PieceLayout(info.totalLength(), info.pieceLength());
    }

    public int pieceCount() {
        return (int) ((totalLength + pieceLength - 1) / pieceLength);
    }

    /** Size of piece {@code piece}: the piece length, except for a shorter last piece. */
    public int pieceSize(int piece) {
        if (piece < 0 || piece >= pieceCount()) {
            throw new IndexOutOfBoundsException("piece " + piece + " outside [0, " + pieceCount() + ")");
        }
        long start = (long) piece * pieceLength;
        return (int) Math.min(pieceLength, totalLength - start);
    }

    public int blockCount(int piece) {
        return (pieceSize(piece) + BLOCK_LENGTH - 1) / BLOCK_LENGTH;
    }

    /** Length of block {@code block} of {@code piece}: 16 KiB except the piece's last block. */
    public int blockLength(int piece, int block) {
        int size = pieceSize(piece);
        long begin = (long) block * BLOCK_LENGTH;
        if (block < 0 || begin >= size) {
            throw new IndexOutOfBoundsException("block " + block + " outside piece " + piece + " of " + size + " bytes");
        }
        return (int) Math.min(BLOCK_LENGTH, size - begin);
    }
}
