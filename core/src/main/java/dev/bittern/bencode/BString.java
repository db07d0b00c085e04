package dev.bittern.bencode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/** A bencoded byte string. Immutable; ordered as raw unsigned bytes, as BEP 3 sorts dictionary keys. */
public final class BString implements BValue, Comparable<BString> {
    private final byte[] bytes;

    private BString(byte[] bytes) {
        this.bytes = bytes;
    }

    public static BString of(byte[] bytes) {
        return new BString(bytes.clone());
    }

    /** Wraps without copying; the caller gives up the array. */
    static BString wrap(byte[] bytes) {
        return new BString(bytes);
    }

    public static BString of(String utf8) {
        return new BString(utf8.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public byte byteAt(int i) {
        return bytes[i];
    }

    /** The bytes decoded as UTF-8 (malformed sequences become U+FFFD). */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** True when the bytes are valid UTF-8, so {@link #utf8()} is lossless. */
    public boolean isValidUtf8() {
        return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes), java.nio.CharBuffer.allocate(bytes.length), true).isUnderflow();
    }

    void writeTo(ByteSink out) {
        out.writeAscii(Integer.toString(bytes.length));
        out.write(':');
        out.write(bytes, 0, bytes.length);
    }

    @Override
    public String typeName() {
        return "string";
    }

    @Override
    public int compareTo(BString o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BString s && Arrays.equals(bytes, s.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Printable text when the bytes are printable ASCII/UTF-8, else hex: binary values (hashes) stay readable. */
    @Override
    public String toString() {
        for (byte b : bytes) {
            if ((b & 0xff) < 0x20 || b == 0x7f) {
                return "0x" + HexFormat.of().formatHex(bytes);
            }
        }
        return isValidUtf8() ? utf8() : "0x" + HexFormat.of().formatHex(bytes);
    }
}
