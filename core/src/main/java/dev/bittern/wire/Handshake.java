package dev.bittern.wire;

import dev.bittern.metainfo.InfoHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The 68-byte peer wire handshake (BEP 3, "peer protocol"): {@code 19}, "BitTorrent protocol",
 * 8 reserved bytes, the 20-byte info-hash and the 20-byte peer id.
 *
 * <p>Reserved bits used by Bittern: BEP 10 extension protocol ({@code reserved[5] & 0x10}),
 * BEP 5 DHT ({@code reserved[7] & 0x01}); BEP 6 fast extension ({@code reserved[7] & 0x04}) is
 * only read, since Bittern does not implement its messages.
 */
public record Handshake(byte[] reserved, InfoHash infoHash, PeerId peerId) {
    public static final int LENGTH = 68;
    public static final int RESERVED_LENGTH = 8;
    static final byte[] PROTOCOL = "BitTorrent protocol".getBytes(StandardCharsets.US_ASCII);

    public Handshake {
        Objects.requireNonNull(infoHash, "infoHash");
        Objects.requireNonNull(peerId, "peerId");
        if (reserved.length != RESERVED_LENGTH) {
            throw new IllegalArgumentException("reserved must be 8 bytes, got " + reserved.length);
        }
        reserved = reserved.clone();
    }

    /** Our handshake: advertises the extension protocol (BEP 10) and, if asked, DHT (BEP 5). */
    public static Handshake of(InfoHash infoHash, PeerId peerId, boolean extensionProtocol, boolean dht) {
        byte[] r = new byte[RESERVED_LENGTH];
        if (extensionProtocol) {
            r[5] |= 0x10;
        }
        if (dht) {
            r[7] |= 0x01;
        }
        return new Handshake(r, infoHash, peerId);
    }

    @Override
    public byte[] reserved() {
        return reserved.clone();
    }

    /** BEP 10: "(reserved_byte[5] & 0x10) is the expression to use for checking if a client supports extended messaging". */
    public boolean supportsExtensionProtocol() {
        return (reserved[5] & 0x10) != 0;
    }

    /** BEP 5: the last bit of the reserved bytes, {@code reserved[7] & 0x01}. */
    public boolean supportsDht() {
        return (reserved[7] & 0x01) != 0;
    }

    /** BEP 6: the third least significant bit of the reserved bytes, {@code reserved[7] & 0x04}. */
    public boolean supportsFastExtension() {
        return (reserved[7] & 0x04) != 0;
    }

    public byte[] encode() {
        byte[] out = new byte[LENGTH];
        out[0] = (byte) PROTOCOL.length;
        System.arraycopy(PROTOCOL, 0, out, 1, PROTOCOL.length);
        System.arraycopy(reserved, 0, out, 20, RESERVED_LENGTH);
        System.arraycopy(infoHash.bytes(), 0, out, 28, InfoHash.LENGTH);
        peerId.copyTo(out, 48);
        return out;
    }

    /** Decodes exactly {@link #LENGTH} bytes. */
    public static Handshake decode(byte[] in) {
        if (in.length != LENGTH) {
            throw new WireProtocolException("handshake", in.length, "handshake must be " + LENGTH + " bytes, got " + in.length);
        }
        return decode(ByteBuffer.wrap(in));
    }

    /**
     * Decodes a handshake from the next {@link #LENGTH} bytes of {@code in}, consuming them.
     * Fails before consuming anything when fewer bytes remain.
     */
    public static Handshake decode(ByteBuffer in) {
        if (in.remaining() < LENGTH) {
            throw new WireProtocolException("handshake", in.remaining(), "truncated handshake: " + in.remaining() + " of " + LENGTH + " bytes");
        }
        byte[] b = new byte[LENGTH];
        in.get(b);
        checkProtocolPrefix(b, b.length);
        return new Handshake(Arrays.copyOfRange(b, 20, 28), InfoHash.of(Arrays.copyOfRange(b, 28, 48)),
                PeerId.of(Arrays.copyOfRange(b, 48, 68)));
    }

    /**
     * Checks the first {@code available} (up to 20) bytes of a handshake: the protocol string
     * length and name. Lets a connection be dropped as soon as a non-BitTorrent peer shows
     * itself, before the whole handshake arrived.
     */
    public static void checkProtocolPrefix(byte[] b, int available) {
        if (available >= 1 && b[0] != PROTOCOL.length) {
            throw new WireProtocolException("handshake.pstrlen", 0,
                    "protocol string length must be 19, got " + (b[0] & 0xff));
        }
        int n = Math.min(available, 1 + PROTOCOL.length);
        for (int i = 1; i < n; i++) {
            if (b[i] != PROTOCOL[i - 1]) {
                throw new WireProtocolException("handshake.pstr", i, "protocol string is not \"BitTorrent protocol\": "
                        + describe(Arrays.copyOfRange(b, 1, n)));
            }
        }
    }

    private static String describe(byte[] b) {
        for (byte x : b) {
            if (x < 0x20 || x == 0x7f) {
                return "0x" + HexFormat.of().formatHex(b);
            }
        }
        return "\"" + new String(b, StandardCharsets.US_ASCII) + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Handshake h && Arrays.equals(reserved, h.reserved) && infoHash.equals(h.infoHash) && peerId.equals(h.peerId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(reserved), infoHash, peerId);
    }

    @Override
    public String toString() {
        return "Handshake[reserved=" + HexFormat.of().formatHex(reserved) + ", infoHash=" + infoHash.hex() + ", peerId=" + peerId + "]";
    }
}
