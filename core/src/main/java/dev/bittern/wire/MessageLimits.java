package dev.bittern.wire;

/**
 * The largest messages a peer may send us, derived from the torrent, so the
 * {@link MessageDecoder} can refuse an over-long length prefix before allocating anything.
 *
 * @param maxBitfieldBytes   ceil(pieces / 8) when the piece count is known (BEP 3 bitfield)
 * @param maxBlockLength     the largest {@code piece} payload after its 8-byte header
 * @param maxExtendedPayload the largest BEP 10 payload after the extended id byte
 */
public record MessageLimits(int maxBitfieldBytes, int maxBlockLength, int maxExtendedPayload) {
    /**
     * Requests are 16 KiB (BEP 3), but some old clients ask for up to 128 KiB; libtorrent and
     * Transmission accept that much and nothing more, and so do we.
     */
    public static final int MAX_BLOCK_LENGTH = 128 * 1024;
    /**
     * BEP 10 messages in practice: handshakes of a few hundred bytes, BEP 9 metadata pieces of
     * 16 KiB plus a small dictionary, BEP 11 PEX lists. 128 KiB leaves room without letting a
     * peer make us buffer megabytes.
     */
    public static final int DEFAULT_MAX_EXTENDED_PAYLOAD = 128 * 1024;
    /** Before the metadata is known (magnet links, BEP 9) the piece count is not: allow up to 2^21 pieces. */
    public static final int MAX_BITFIELD_WITHOUT_METADATA = 1 << 18;

    public MessageLimits {
        if (maxBitfieldBytes < 0 || maxBlockLength < 0 || maxBlockLength > MAX_BLOCK_LENGTH || maxExtendedPayload < 0) {
            throw new IllegalArgumentException("invalid message limits: bitfield " + maxBitfieldBytes + ", block "
                    + maxBlockLength + " (at most " + MAX_BLOCK_LENGTH + "), extended " + maxExtendedPayload);
        }
    }

    /** Limits for a torrent of {@code pieceCount} pieces. */
    public static MessageLimits forTorrent(int pieceCount) {
        return new MessageLimits(Bitfield.byteLength(pieceCount), MAX_BLOCK_LENGTH, DEFAULT_MAX_EXTENDED_PAYLOAD);
    }

    /** Limits while the info dictionary is still being fetched (magnet link). */
    public static MessageLimits withoutMetadata() {
        return new MessageLimits(MAX_BITFIELD_WITHOUT_METADATA, MAX_BLOCK_LENGTH, DEFAULT_MAX_EXTENDED_PAYLOAD);
    }

    /** The largest legal length prefix (id byte plus payload). */
    public int maxMessageLength() {
        return Math.max(Math.max(1 + maxBitfieldBytes, 9 + maxBlockLength), Math.max(2 + maxExtendedPayload, 13));
    }
}
