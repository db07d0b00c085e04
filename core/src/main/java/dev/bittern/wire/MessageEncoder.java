package dev.bittern.wire;

import java.nio.ByteBuffer;

/** Encodes {@link PeerMessage}s in the BEP 3 framing: 4-byte big-endian length, id, payload. */
public final class MessageEncoder {
    private MessageEncoder() {
    }

    /** The number of bytes {@code m} takes on the wire, including the 4-byte length prefix. */
    public static int encodedLength(PeerMessage m) {
        return 4 + bodyLength(m);
    }

    /** The length prefix value: id byte plus payload. */
    static int bodyLength(PeerMessage m) {
        return switch (m) {
            case PeerMessage.KeepAlive k -> 0;
            case PeerMessage.Choke c -> 1;
            case PeerMessage.Unchoke u -> 1;
            case PeerMessage.Interested i -> 1;
            case PeerMessage.NotInterested n -> 1;
            case PeerMessage.Have h -> 5;
            case PeerMessage.Bitfield b -> 1 + b.length();
            case PeerMessage.Request r -> 13;
            case PeerMessage.Piece p -> 9 + p.length();
            case PeerMessage.Cancel c -> 13;
            case PeerMessage.Port p -> 3;
            case PeerMessage.Extended e -> 2 + e.length();
        };
    }

    public static byte[] encode(PeerMessage m) {
        ByteBuffer b = ByteBuffer.allocate(encodedLength(m));
        encodeTo(m, b);
        return b.array();
    }

    /** Writes {@code m} at {@code out}'s position; needs {@link #encodedLength} bytes remaining. */
    public static void encodeTo(PeerMessage m, ByteBuffer out) {
        out.putInt(bodyLength(m));
        if (m instanceof PeerMessage.KeepAlive) {
            return;
        }
        out.put((byte) m.id());
        switch (m) {
            case PeerMessage.Have h -> out.putInt(h.piece());
            case PeerMessage.Bitfield b -> b.copyTo(out);
            case PeerMessage.Request r -> out.putInt(r.piece()).putInt(r.begin()).putInt(r.length());
            case PeerMessage.Piece p -> {
                out.putInt(p.piece()).putInt(p.begin());
                p.copyTo(out);
            }
            case PeerMessage.Cancel c -> out.putInt(c.piece()).putInt(c.begin()).putInt(c.length());
            case PeerMessage.Port p -> out.putShort((short) p.port());
            case PeerMessage.Extended e -> {
                out.put((byte) e.extendedId());
                e.copyTo(out);
            }
            case PeerMessage.KeepAlive k -> {
            }
            case PeerMessage.Choke c -> {
            }
            case PeerMessage.Unchoke u -> {
            }
            case PeerMessage.Interested i -> {
            }
            case PeerMessage.NotInterested n -> {
            }
        }
    }
}
