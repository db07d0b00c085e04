package dev.bittern.wire;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The 20-byte peer id sent in the handshake (BEP 3). Immutable.
 *
 * <p>Bittern uses the Azureus-style convention (BEP 20): {@code -BT0100-} followed by 12
 * random printable bytes, so other clients and trackers can tell the client and version.
 */
public final class PeerId {
    public static final int LENGTH = 20;
    /** Client code "BT" and version 0.1.0.0, BEP 20 Azureus style. */
    public static final String PREFIX = "-BT0100-";
    private static final String PRINTABLE = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final byte[] bytes;

    private PeerId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static PeerId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("peer id must be 20 bytes, got " + bytes.length);
        }
        return new PeerId(bytes.clone());
    }

    /** A fresh Bittern peer id: {@link #PREFIX} and 12 random alphanumeric characters. */
    public static PeerId generate(RandomGenerator random) {
        byte[] b = new byte[LENGTH];
        for (int i = 0; i < PREFIX.length(); i++) {
            b[i] = (byte) PREFIX.charAt(i);
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            b[i] = (byte) PRINTABLE.charAt(random.nextInt(PRINTABLE.length()));
        }
        return new PeerId(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    void copyTo(byte[] dst, int offset) {
        System.arraycopy(bytes, 0, dst, offset, LENGTH);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeerId p && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Printable ids as text (most clients use ASCII), others as hex. */
    @Override
    public String toString() {
        for (byte b : bytes) {
            if (b < 0x20 || b == 0x7f) {
                return HexFormat.of().formatHex(bytes);
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.US_ASCII);
    }
}
