package dev.bittern.engine;

import dev.bittern.wire.PeerMessage;
import dev.bittern.wire.PieceLayout;

/** A request-sized part of a piece (BEP 3: 16 KiB, the piece's last block may be shorter). */
public record Block(int piece, int begin, int length) {
    public Block {
        if (piece < 0 || begin < 0 || length <= 0) {
            throw new IllegalArgumentException("invalid block: piece " + piece + ", begin " + begin + ", length " + length);
        }
    }

    /** Block number {@code index} of {@code piece} in {@code layout}. */
    public static Block of(PieceLayout layout, int piece, int index) {
        return new Block(piece, index * PieceLayout.BLOCK_LENGTH, layout.blockLength(piece, index));
    }

    public int index() {
        return begin / PieceLayout.BLOCK_LENGTH;
    }

    public PeerMessage.Request toRequest() {
        return new PeerMessage.Request(piece, begin, length);
    }

    public PeerMessage.Cancel toCancel() {
        return new PeerMessage.Cancel(piece, begin, length);
    }
}
