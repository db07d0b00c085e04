package dev.bittern.metainfo;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/** A BitTorrent v1 info-hash: the SHA-1 of the bencoded {@code info} dictionary (BEP 3). Immutable. */
public final class InfoHash implements Comparable<InfoHash> {
    public static final int LENGTH = 20;
    private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private final byte[] bytes;

    private InfoHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static InfoHash of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("info-hash must be 20 bytes, got " + bytes.length);
        }
        return new InfoHash(bytes.clone());
    }

    /** The info-hash of exactly these bencoded {@code info} bytes. */
    public static InfoHash ofInfo(byte[] rawInfo) {
        return new InfoHash(sha1().digest(rawInfo));
    }

    /** Parses 40 hex digits (either case). */
    public static InfoHash fromHex(String hex) {
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException("info-hash in hex must be 40 characters, got " + hex.length());
        }
        try {
            return new InfoHash(HexFormat.of().parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("info-hash is not valid hex: " + hex, e);
        }
    }

    /** Parses 32 characters of RFC 4648 base32 (as magnet links may carry, BEP 9). */
    public static InfoHash fromBase32(String b32) {
        if (b32.length() != 32) {
            throw new IllegalArgumentException("info-hash in base32 must be 32 characters, got " + b32.length());
        }
        byte[] out = new byte[LENGTH];
        long buffer = 0;
        int bits = 0;
        int o = 0;
        for (int i = 0; i < b32.length(); i++) {
            char c = b32.charAt(i);
            // ASCII-only case folding: Character.toUpperCase would map e.g. dotless 'ı' to 'I'.
            int v = BASE32.indexOf(c >= 'a' && c <= 'z' ? (char) (c - 'a' + 'A') : c);
            if (v < 0) {
                throw new IllegalArgumentException("info-hash is not valid base32 at character " + i + ": " + b32);
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[o++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        return new InfoHash(out);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    public String base32() {
        StringBuilder sb = new StringBuilder(32);
        long buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32.charAt((int) (buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        return sb.toString();
    }

    /** Percent-encodes every byte except RFC 3986 unreserved characters, as trackers expect in {@code info_hash}. */
    public String urlEncoded() {
        return UrlBytes.encode(bytes);
    }

    static MessageDigest sha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always provides SHA-1", e);
        }
    }

    @Override
    public int compareTo(InfoHash o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InfoHash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex().toLowerCase(Locale.ROOT);
    }
}
