package dev.bittern.wire;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Incremental decoder for the peer wire message stream after the handshake (BEP 3). Feed it
 * bytes as they arrive from the socket, in any split; it returns each message once all its
 * bytes are there.
 *
 * <p>Bounded: the length prefix is checked against {@link MessageLimits#maxMessageLength()}
 * and, once the id byte is read, against the exact size of that message type, before the
 * payload buffer is allocated. So a peer can make us hold at most one legal message.
 * Errors name the offset in the stream (counted from the first byte after the handshake).
 *
 * <p>Not thread-safe: one connection's reader owns it.
 */
public final class MessageDecoder {
    private MessageLimits limits;
    /** Length prefix and id; for a piece message also its index and begin, so the block is allocated exactly. */
    private final byte[] header = new byte[13];
    private int headerFill;
    private int headerNeeded = 5;
    private int length;
    private int id;
    private byte[] payload;
    /** Bytes of the payload (the array may be longer when it comes from a {@link BlockSink}). */
    private int payloadSize;
    private BlockSink blockSink;
    /** Set when the last step handed a block to the sink. */
    private boolean deliveredBlock;
    /** Reused for piece payloads (bounded by the block limit), which the Piece record copies. */
    private byte[] blockScratch;
    private int payloadFill;
    private long offset;
    private long messageStart;
    private boolean failed;

    public MessageDecoder(MessageLimits limits) {
        this.limits = limits;
    }

    /** Tightens or loosens the limits, e.g. once BEP 9 metadata arrives and the piece count is known. */
    public void setLimits(MessageLimits limits) {
        this.limits = limits;
    }

    /**
     * Takes the blocks of piece messages instead of {@link PeerMessage.Piece} records, so a
     * connection's reader can decode them into reused arrays (no allocation and no copy per block).
     */
    public interface BlockSink {
        /** An array of at least {@code length} bytes (at most the block limit) to decode the next block into. */
        byte[] array(int length);

        /**
         * A complete block: the first {@code length} bytes of {@code data}, an array from {@link #array}.
         * Called in stream order, before {@link #next} returns a message that follows the block.
         */
        void block(int piece, int begin, byte[] data, int length);
    }

    /** From now on, piece messages go to {@code sink} and {@link #next} returns only the other messages. */
    public void setBlockSink(BlockSink sink) {
        this.blockSink = sink;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return offset;
    }

    /** Decodes every complete message in {@code src}, consuming all of it; a partial message is kept for the next call. */
    public List<PeerMessage> feed(ByteBuffer src) {
        List<PeerMessage> out = new ArrayList<>();
        PeerMessage m;
        while ((m = next(src)) != null) {
            out.add(m);
        }
        return out;
    }

    /**
     * Consumes bytes from {@code src} up to the end of the next message and returns it, or
     * consumes all of {@code src} and returns null when the message is not complete yet.
     * After a {@link WireProtocolException} the stream is unusable and every call fails.
     */
    public PeerMessage next(ByteBuffer src) {
        if (failed) {
            throw new IllegalStateException("the stream already failed with a protocol error");
        }
        try {
            return step(src);
        } catch (WireProtocolException e) {
            failed = true;
            throw e;
        }
    }

    private PeerMessage step(ByteBuffer src) {
        while (true) {
            PeerMessage m = stepOne(src);
            // A block that went to the sink is no message to return: go on with the next one.
            boolean again = m == null && deliveredBlock && src.hasRemaining();
            deliveredBlock = false;
            if (!again) {
                return m;
            }
        }
    }

    private PeerMessage stepOne(ByteBuffer src) {
        while (payload == null) {
            if (!src.hasRemaining()) {
                return null;
            }
            // Header bytes in bulk up to the next field boundary (length, id, piece header): each
            // boundary below is reached at most once per pass.
            int boundary = headerFill < 4 ? 4 : headerFill < 5 ? 5 : headerNeeded;
            int n = Math.min(boundary - headerFill, src.remaining());
            src.get(header, headerFill, n);
            headerFill += n;
            offset += n;
            if (headerFill == 4) {
                length = ((header[0] & 0xff) << 24) | ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
                long unsigned = Integer.toUnsignedLong(length);
                if (unsigned > limits.maxMessageLength()) {
                    throw new WireProtocolException("length prefix", messageStart, "message length " + unsigned
                            + " exceeds the largest legal message for this torrent (" + limits.maxMessageLength() + " bytes)");
                }
                if (length == 0) {
                    reset();
                    return PeerMessage.KeepAlive.INSTANCE;
                }
            } else if (headerFill == 5) {
                id = header[4] & 0xff;
                checkLength(id, length);
                if (id == PeerMessage.ID_PIECE) {
                    headerNeeded = 13;
                } else {
                    startPayload(length - 1);
                }
            } else if (headerFill == headerNeeded) {
                startPayload(length - 9);
            }
        }
        int n = Math.min(src.remaining(), payloadSize - payloadFill);
        src.get(payload, payloadFill, n);
        payloadFill += n;
        offset += n;
        if (payloadFill < payloadSize) {
            return null;
        }
        if (id == PeerMessage.ID_PIECE && blockSink != null) {
            byte[] data = payload;
            int size = payloadSize;
            int piece = ByteBuffer.wrap(header, 5, 4).getInt();
            int begin = ByteBuffer.wrap(header, 9, 4).getInt();
            reset();
            deliveredBlock = true;
            blockSink.block(piece, begin, data, size);
            return null;
        }
        PeerMessage m = id == PeerMessage.ID_PIECE
                ? new PeerMessage.Piece(ByteBuffer.wrap(header, 5, 4).getInt(), ByteBuffer.wrap(header, 9, 4).getInt(), payload)
                : parse(id, payload);
        reset();
        return m;
    }

    private void startPayload(int size) {
        payloadSize = size;
        if (id == PeerMessage.ID_PIECE && blockSink != null) {
            payload = blockSink.array(size);
            if (payload.length < size) {
                throw new IllegalStateException("block sink gave " + payload.length + " bytes for a block of " + size);
            }
        } else if (id == PeerMessage.ID_PIECE && size > 0) {
            // A block is copied into its Piece record anyway: assemble it in a reused array of that size.
            if (blockScratch == null || blockScratch.length != size) {
                blockScratch = new byte[size];
            }
            payload = blockScratch;
        } else {
            payload = new byte[size];
        }
        payloadFill = 0;
    }

    private void reset() {
        headerFill = 0;
        headerNeeded = 5;
        payload = null;
        messageStart = offset;
    }

    private void checkLength(int id, int length) {
        long idAt = messageStart + 4;
        switch (id) {
            case PeerMessage.ID_CHOKE, PeerMessage.ID_UNCHOKE, PeerMessage.ID_INTERESTED, PeerMessage.ID_NOT_INTERESTED ->
                    exact(id, length, 1);
            case PeerMessage.ID_HAVE -> exact(id, length, 5);
            case PeerMessage.ID_REQUEST, PeerMessage.ID_CANCEL -> exact(id, length, 13);
            case PeerMessage.ID_PORT -> exact(id, length, 3);
            case PeerMessage.ID_BITFIELD -> {
                if (length - 1 > limits.maxBitfieldBytes()) {
                    throw new WireProtocolException("bitfield length", messageStart, "bitfield of " + (length - 1)
                            + " bytes is larger than this torrent's " + limits.maxBitfieldBytes() + " bytes");
                }
            }
            case PeerMessage.ID_PIECE -> {
                if (length < 9) {
                    throw new WireProtocolException("piece length", messageStart, "piece message of " + length
                            + " bytes is shorter than its 9-byte header");
                }
                if (length - 9 > limits.maxBlockLength()) {
                    throw new WireProtocolException("piece length", messageStart, "block of " + (length - 9)
                            + " bytes is larger than the maximum of " + limits.maxBlockLength());
                }
            }
            case PeerMessage.ID_EXTENDED -> {
                if (length < 2) {
                    throw new WireProtocolException("extended length", messageStart, "extended message without an extended id");
                }
                if (length - 2 > limits.maxExtendedPayload()) {
                    throw new WireProtocolException("extended length", messageStart, "extended payload of " + (length - 2)
                            + " bytes is larger than the maximum of " + limits.maxExtendedPayload());
                }
            }
            default -> throw new WireProtocolException("message id", idAt, "unknown message id " + id
                    + " (fast extension and other optional messages were not negotiated)");
        }
    }

    private void exact(int id, int length, int expected) {
        if (length != expected) {
            throw new WireProtocolException(name(id) + " length", messageStart, name(id) + " message must have length "
                    + expected + ", got " + length);
        }
    }

    private static String name(int id) {
        return switch (id) {
            case PeerMessage.ID_CHOKE -> "choke";
            case PeerMessage.ID_UNCHOKE -> "unchoke";
            case PeerMessage.ID_INTERESTED -> "interested";
            case PeerMessage.ID_NOT_INTERESTED -> "not interested";
            case PeerMessage.ID_HAVE -> "have";
            case PeerMessage.ID_REQUEST -> "request";
            case PeerMessage.ID_CANCEL -> "cancel";
            case PeerMessage.ID_PORT -> "port";
            default -> "message " + id;
        };
    }

    private static PeerMessage parse(int id, byte[] p) {
        ByteBuffer b = ByteBuffer.wrap(p);
        return switch (id) {
            case PeerMessage.ID_CHOKE -> PeerMessage.Choke.INSTANCE;
            case PeerMessage.ID_UNCHOKE -> PeerMessage.Unchoke.INSTANCE;
            case PeerMessage.ID_INTERESTED -> PeerMessage.Interested.INSTANCE;
            case PeerMessage.ID_NOT_INTERESTED -> PeerMessage.NotInterested.INSTANCE;
            case PeerMessage.ID_HAVE -> new PeerMessage.Have(b.getInt());
            case PeerMessage.ID_BITFIELD -> new PeerMessage.Bitfield(p);
            case PeerMessage.ID_REQUEST -> new PeerMessage.Request(b.getInt(), b.getInt(), b.getInt());
            case PeerMessage.ID_CANCEL -> new PeerMessage.Cancel(b.getInt(), b.getInt(), b.getInt());
            case PeerMessage.ID_PORT -> new PeerMessage.Port(b.getShort() & 0xffff);
            case PeerMessage.ID_EXTENDED -> new PeerMessage.Extended(p[0] & 0xff, java.util.Arrays.copyOfRange(p, 1, p.length));
            default -> throw new IllegalStateException("id " + id + " passed checkLength");
        };
    }
}
