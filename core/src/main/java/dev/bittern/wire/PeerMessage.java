package dev.bittern.wire;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * The messages of the peer wire protocol after the handshake (BEP 3 "peer messages", BEP 5
 * {@code port}, BEP 10 {@code extended}). Each is framed as a 4-byte big-endian length, then
 * (except keep-alive) a 1-byte id and the payload. Records holding bytes copy them in and out.
 */
public sealed interface PeerMessage {
    /** The message id byte, or -1 for keep-alive (which has none). */
    int id();

    int ID_CHOKE = 0;
    int ID_UNCHOKE = 1;
    int ID_INTERESTED = 2;
    int ID_NOT_INTERESTED = 3;
    int ID_HAVE = 4;
    int ID_BITFIELD = 5;
    int ID_REQUEST = 6;
    int ID_PIECE = 7;
    int ID_CANCEL = 8;
    int ID_PORT = 9;
    int ID_EXTENDED = 20;

    /** A zero-length message; keeps the connection from timing out (BEP 3: sent about every two minutes). */
    record KeepAlive() implements PeerMessage {
        public static final KeepAlive INSTANCE = new KeepAlive();

        @Override
        public int id() {
            return -1;
        }
    }

    record Choke() implements PeerMessage {
        public static final Choke INSTANCE = new Choke();

        @Override
        public int id() {
            return ID_CHOKE;
        }
    }

    record Unchoke() implements PeerMessage {
        public static final Unchoke INSTANCE = new Unchoke();

        @Override
        public int id() {
            return ID_UNCHOKE;
        }
    }

    record Interested() implements PeerMessage {
        public static final Interested INSTANCE = new Interested();

        @Override
        public int id() {
            return ID_INTERESTED;
        }
    }

    record NotInterested() implements PeerMessage {
        public static final NotInterested INSTANCE = new NotInterested();

        @Override
        public int id() {
            return ID_NOT_INTERESTED;
        }
    }

    /** The sender completed and verified {@code piece}. */
    record Have(int piece) implements PeerMessage {
        @Override
        public int id() {
            return ID_HAVE;
        }
    }

    /**
     * The sender's pieces as raw wire bytes; only the first message after the handshake. The
     * size and spare bits depend on the torrent, so they are checked by
     * {@link MessageValidator#bitfield} ({@link dev.bittern.wire.Bitfield#fromBytes}).
     */
    record Bitfield(byte[] bits) implements PeerMessage {
        public Bitfield {
            bits = bits.clone();
        }

        public static Bitfield of(dev.bittern.wire.Bitfield pieces) {
            return new Bitfield(pieces.toBytes());
        }

        @Override
        public byte[] bits() {
            return bits.clone();
        }

        int length() {
            return bits.length;
        }

        void copyTo(java.nio.ByteBuffer out) {
            out.put(bits);
        }

        @Override
        public int id() {
            return ID_BITFIELD;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Bitfield b && Arrays.equals(bits, b.bits);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bits);
        }

        @Override
        public String toString() {
            return "Bitfield[" + bits.length + " bytes]";
        }
    }

    record Request(int piece, int begin, int length) implements PeerMessage {
        @Override
        public int id() {
            return ID_REQUEST;
        }
    }

    /** A block of data; {@code data} is copied in and out, {@link #length()} and {@link #dataView()} do not copy. */
    record Piece(int piece, int begin, byte[] data) implements PeerMessage {
        public Piece {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int length() {
            return data.length;
        }

        /** The data without copying, read-only: for writing to storage or a socket. */
        public java.nio.ByteBuffer dataView() {
            return java.nio.ByteBuffer.wrap(data).asReadOnlyBuffer();
        }

        void copyTo(java.nio.ByteBuffer out) {
            out.put(data);
        }

        @Override
        public int id() {
            return ID_PIECE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Piece p && p.piece == piece && p.begin == begin && Arrays.equals(data, p.data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * piece + begin) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "Piece[piece=" + piece + ", begin=" + begin + ", length=" + data.length + "]";
        }
    }

    record Cancel(int piece, int begin, int length) implements PeerMessage {
        @Override
        public int id() {
            return ID_CANCEL;
        }
    }

    /** BEP 5: the sender's DHT node listens on this UDP port. */
    record Port(int port) implements PeerMessage {
        public Port {
            if (port < 0 || port > 0xffff) {
                throw new IllegalArgumentException("port outside 0..65535: " + port);
            }
        }

        @Override
        public int id() {
            return ID_PORT;
        }
    }

    /**
     * BEP 10: an extension message. {@code extendedId} 0 is the extension handshake
     * ({@link ExtensionHandshake}); other ids are those the receiver assigned in its {@code m} dictionary.
     */
    record Extended(int extendedId, byte[] payload) implements PeerMessage {
        public Extended {
            if (extendedId < 0 || extendedId > 0xff) {
                throw new IllegalArgumentException("extended message id outside 0..255: " + extendedId);
            }
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        int length() {
            return payload.length;
        }

        void copyTo(java.nio.ByteBuffer out) {
            out.put(payload);
        }

        @Override
        public int id() {
            return ID_EXTENDED;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Extended e && e.extendedId == extendedId && Arrays.equals(payload, e.payload);
        }

        @Override
        public int hashCode() {
            return 31 * extendedId + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Extended[id=" + extendedId + ", payload=" + (payload.length <= 32 ? HexFormat.of().formatHex(payload) : payload.length + " bytes") + "]";
        }
    }
}
