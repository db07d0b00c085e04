package dev.bittern.wire;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A set of piece indexes {@code [0, pieceCount)}, laid out as BEP 3's bitfield message: the
 * high bit of the first byte is piece 0, and the spare bits at the end are zero. Shared by the
 * wire codec (our and the peers' bitfields), the engine (availability, have-set) and storage.
 * Mutable, not thread-safe: one owner (the torrent's event loop).
 */
public final class Bitfield {
    private final int pieceCount;
    private final byte[] bits;
    private int cardinality;

    public Bitfield(int pieceCount) {
        if (pieceCount < 0) {
            throw new IllegalArgumentException("piece count must not be negative: " + pieceCount);
        }
        this.pieceCount = pieceCount;
        this.bits = new byte[byteLength(pieceCount)];
    }

    /** The number of bytes a bitfield of {@code pieceCount} pieces takes on the wire: ceil(pieces / 8). */
    public static int byteLength(int pieceCount) {
        return (int) (((long) pieceCount + 7) / 8);
    }

    /** A bitfield with every piece set (a seed). */
    public static Bitfield full(int pieceCount) {
        Bitfield b = new Bitfield(pieceCount);
        for (int i = 0; i < pieceCount; i++) {
            b.set(i);
        }
        return b;
    }

    /**
     * Parses wire bytes for a torrent of {@code pieceCount} pieces. BEP 3: "Clients should drop
     * the connection if they receive bitfields that are not of the correct size, or if the
     * bitfield has any of the spare bits set."
     */
    public static Bitfield fromBytes(byte[] bytes, int pieceCount) {
        int expected = byteLength(pieceCount);
        if (bytes.length != expected) {
            throw new WireProtocolException("bitfield", "bitfield of " + bytes.length + " bytes for " + pieceCount
                    + " pieces, expected " + expected);
        }
        int spare = expected * 8 - pieceCount;
        if (spare > 0 && (bytes[expected - 1] & ((1 << spare) - 1)) != 0) {
            throw new WireProtocolException("bitfield", expected - 1, "spare bits after piece " + (pieceCount - 1) + " are set (last byte 0x"
                    + String.format("%02x", bytes[expected - 1] & 0xff) + ")");
        }
        Bitfield b = new Bitfield(pieceCount);
        System.arraycopy(bytes, 0, b.bits, 0, expected);
        int c = 0;
        for (byte x : bytes) {
            c += Integer.bitCount(x & 0xff);
        }
        b.cardinality = c;
        return b;
    }

    /** The pieces set in {@code bits} (as storage keeps them); bits at or beyond {@code pieceCount} are an error. */
    public static Bitfield fromBitSet(BitSet pieces, int pieceCount) {
        if (pieces.length() > pieceCount) {
            throw new IllegalArgumentException("piece " + (pieces.length() - 1) + " outside [0, " + pieceCount + ")");
        }
        Bitfield b = new Bitfield(pieceCount);
        for (int i = pieces.nextSetBit(0); i >= 0; i = pieces.nextSetBit(i + 1)) {
            b.set(i);
        }
        return b;
    }

    public BitSet toBitSet() {
        BitSet out = new BitSet(pieceCount);
        for (int i = nextSet(0); i >= 0; i = nextSet(i + 1)) {
            out.set(i);
        }
        return out;
    }

    public int pieceCount() {
        return pieceCount;
    }

    public boolean get(int piece) {
        check(piece);
        return (bits[piece >>> 3] & (0x80 >>> (piece & 7))) != 0;
    }

    /** Sets the piece; returns true if it was not set before. */
    public boolean set(int piece) {
        check(piece);
        int mask = 0x80 >>> (piece & 7);
        if ((bits[piece >>> 3] & mask) != 0) {
            return false;
        }
        bits[piece >>> 3] |= (byte) mask;
        cardinality++;
        return true;
    }

    /** Clears the piece; returns true if it was set before. */
    public boolean clear(int piece) {
        check(piece);
        int mask = 0x80 >>> (piece & 7);
        if ((bits[piece >>> 3] & mask) == 0) {
            return false;
        }
        bits[piece >>> 3] &= (byte) ~mask;
        cardinality--;
        return true;
    }

    /** The number of pieces set. */
    public int cardinality() {
        return cardinality;
    }

    public boolean isComplete() {
        return cardinality == pieceCount;
    }

    public boolean isEmpty() {
        return cardinality == 0;
    }

    /** The next set piece at or after {@code from}, or -1. */
    public int nextSet(int from) {
        int i = Math.max(from, 0);
        if (i >= pieceCount) {
            return -1;
        }
        int byteIndex = i >>> 3;
        // Mask off the bits before 'from' in its byte, then skip whole zero bytes.
        int b = bits[byteIndex] & (0xff >>> (i & 7));
        while (b == 0) {
            if (++byteIndex == bits.length) {
                return -1;
            }
            b = bits[byteIndex] & 0xff;
        }
        int piece = (byteIndex << 3) + Integer.numberOfLeadingZeros(b) - 24;
        return piece < pieceCount ? piece : -1;
    }

    /** The wire form; spare bits are always zero. */
    public byte[] toBytes() {
        return bits.clone();
    }

    public Bitfield copy() {
        Bitfield b = new Bitfield(pieceCount);
        System.arraycopy(bits, 0, b.bits, 0, bits.length);
        b.cardinality = cardinality;
        return b;
    }

    private void check(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " outside [0, " + pieceCount + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bitfield b && b.pieceCount == pieceCount && Arrays.equals(bits, b.bits);
    }

    @Override
    public int hashCode() {
        return 31 * pieceCount + Arrays.hashCode(bits);
    }

    @Override
    public String toString() {
        return "Bitfield[" + cardinality + "/" + pieceCount + "]";
    }
}
