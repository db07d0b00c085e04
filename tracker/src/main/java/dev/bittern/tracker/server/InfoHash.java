package dev.bittern.tracker.server;

import java.util.HexFormat;

/**
 * A 20-byte SHA-1 info-hash held as three primitive fields, so it is a cheap map key
 * (no array copy, value equality, good hash spread because the bytes are a SHA-1 output).
 */
public record InfoHash(long high, long middle, int low) {
    public static final int LENGTH = 20;

    public static InfoHash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("info-hash must be 20 bytes, got " + bytes.length);
        }
        return of(bytes, 0);
    }

    /** Reads 20 bytes at {@code offset}; the caller has checked the bounds. */
    public static InfoHash of(byte[] bytes, int offset) {
        return new InfoHash(readLong(bytes, offset), readLong(bytes, offset + 8), readInt(bytes, offset + 16));
    }

    /** Parses 40 hex digits (either case). */
    public static InfoHash ofHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("info-hash must be 40 hex digits, got " + hex.length() + " characters");
        }
        return of(HexFormat.of().parseHex(hex));
    }

    public byte[] bytes() {
        byte[] out = new byte[LENGTH];
        writeTo(out, 0);
        return out;
    }

    public void writeTo(byte[] out, int offset) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (high >>> (56 - 8 * i));
            out[offset + 8 + i] = (byte) (middle >>> (56 - 8 * i));
        }
        for (int i = 0; i < 4; i++) {
            out[offset + 16 + i] = (byte) (low >>> (24 - 8 * i));
        }
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes());
    }

    /**
     * Mixes all 160 bits: the record's default hash would let hashes that differ only in a few
     * bytes (crafted, or test data) pile into one HashMap bucket.
     */
    @Override
    public int hashCode() {
        long h = high * 0x9E3779B97F4A7C15L ^ middle * 0xC2B2AE3D27D4EB4FL ^ low * 0x165667B19E3779F9L;
        h ^= h >>> 31;
        h *= 0xFF51AFD7ED558CCDL;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash other && other.high == high && other.middle == middle && other.low == low;
    }

    @Override
    public String toString() {
        return hex();
    }

    private static long readLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xFFL);
        }
        return v;
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }
}
