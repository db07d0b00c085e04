package dev.bittern.wire;

/**
 * Checks decoded messages against the torrent: what the {@link MessageDecoder} cannot know
 * from framing alone. Each failure is a {@link WireProtocolException} naming the field, which
 * the engine uses as the reason to close the connection (BEP 3 asks to drop peers that send
 * malformed bitfields or oversized requests).
 */
public final class MessageValidator {
    private final PieceLayout layout;
    private final int maxRequestLength;

    /** Accepts requests up to {@link MessageLimits#MAX_BLOCK_LENGTH}, as libtorrent and Transmission do. */
    public MessageValidator(PieceLayout layout) {
        this(layout, MessageLimits.MAX_BLOCK_LENGTH);
    }

    public MessageValidator(PieceLayout layout, int maxRequestLength) {
        if (maxRequestLength <= 0 || maxRequestLength > MessageLimits.MAX_BLOCK_LENGTH) {
            throw new IllegalArgumentException("max request length outside 1.." + MessageLimits.MAX_BLOCK_LENGTH + ": " + maxRequestLength);
        }
        this.layout = layout;
        this.maxRequestLength = maxRequestLength;
    }

    /** The peer's pieces, if the bitfield has exactly ceil(pieces/8) bytes and no spare bit set. */
    public Bitfield bitfield(PeerMessage.Bitfield m) {
        return Bitfield.fromBytes(m.bits(), layout.pieceCount());
    }

    /** The announced piece, if it exists in this torrent. */
    public int have(PeerMessage.Have m) {
        piece("have.piece", m.piece());
        return m.piece();
    }

    public void request(PeerMessage.Request m) {
        range("request", m.piece(), m.begin(), m.length(), maxRequestLength);
    }

    public void cancel(PeerMessage.Cancel m) {
        range("cancel", m.piece(), m.begin(), m.length(), maxRequestLength);
    }

    /** A received block must lie inside its piece; whether we asked for it is the picker's business. */
    public void piece(PeerMessage.Piece m) {
        piece(m.piece(), m.begin(), m.length());
    }

    /** The same check for a block decoded without a record ({@link MessageDecoder.BlockSink}). */
    public void piece(int piece, int begin, int length) {
        range("piece", piece, begin, length, MessageLimits.MAX_BLOCK_LENGTH);
    }

    private void piece(String field, int piece) {
        if (piece < 0 || piece >= layout.pieceCount()) {
            throw new WireProtocolException(field, "piece " + Integer.toUnsignedString(piece) + " does not exist (torrent has "
                    + layout.pieceCount() + " pieces)");
        }
    }

    private void range(String what, int piece, int begin, int length, int maxLength) {
        piece(what + ".piece", piece);
        if (length <= 0 || length > maxLength) {
            throw new WireProtocolException(what + ".length", "block length " + Integer.toUnsignedString(length)
                    + " outside 1.." + maxLength);
        }
        int size = layout.pieceSize(piece);
        if (begin < 0 || (long) begin + length > size) {
            throw new WireProtocolException(what + ".begin", "block [" + Integer.toUnsignedString(begin) + ", +" + length
                    + ") runs outside piece " + piece + " of " + size + " bytes");
        }
    }
}
