package dev.bittern.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.metainfo.InfoHash;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HandshakeTest {
    private static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    private static final PeerId ID = PeerId.generate(new SplittableRandom(1));

    @Test
    void encodesTheBep3Layout() {
        byte[] b = Handshake.of(HASH, ID, true, true).encode();
        assertThat(b).hasSize(68);
        assertThat(b[0]).isEqualTo((byte) 19);
        assertThat(new String(b, 1, 19, StandardCharsets.US_ASCII)).isEqualTo("BitTorrent protocol");
        assertThat(b[25]).isEqualTo((byte) 0x10);
        assertThat(b[27]).isEqualTo((byte) 0x01);
        assertThat(java.util.Arrays.copyOfRange(b, 28, 48)).isEqualTo(HASH.bytes());
        assertThat(java.util.Arrays.copyOfRange(b, 48, 68)).isEqualTo(ID.bytes());
    }

    @Test
    void reservedBitHelpersReadTheBep10AndBep5Bits() {
        Handshake none = Handshake.of(HASH, ID, false, false);
        assertThat(none.supportsExtensionProtocol()).isFalse();
        assertThat(none.supportsDht()).isFalse();
        Handshake both = Handshake.of(HASH, ID, true, true);
        assertThat(both.supportsExtensionProtocol()).isTrue();
        assertThat(both.supportsDht()).isTrue();
        assertThat(both.supportsFastExtension()).isFalse();
    }

    @Test
    void wrongProtocolStringIsRejectedWithItsOffset() {
        byte[] b = Handshake.of(HASH, ID, true, false).encode();
        b[12] = 'X';
        assertThatThrownBy(() -> Handshake.decode(b)).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("protocol string is not \"BitTorrent protocol\"")
                .extracting(e -> ((WireProtocolException) e).offset()).isEqualTo(12L);
    }

    @Test
    void wrongProtocolStringLengthIsRejected() {
        byte[] b = Handshake.of(HASH, ID, true, false).encode();
        b[0] = 'G'; // an HTTP client: "GET / ..."
        assertThatThrownBy(() -> Handshake.checkProtocolPrefix(b, 1)).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("protocol string length must be 19, got 71")
                .extracting(e -> ((WireProtocolException) e).field()).isEqualTo("handshake.pstrlen");
    }

    @Test
    void truncatedHandshakeIsRejectedWithoutConsuming() {
        ByteBuffer in = ByteBuffer.wrap(new byte[40]);
        assertThatThrownBy(() -> Handshake.decode(in)).isInstanceOf(WireProtocolException.class).hasMessageContaining("truncated");
        assertThat(in.position()).isZero();
    }

    @Test
    void generatedPeerIdsAreAzureusStyleAndPrintable() {
        PeerId id = PeerId.generate(new SplittableRandom(7));
        String s = new String(id.bytes(), StandardCharsets.US_ASCII);
        assertThat(s).startsWith("-BT0100-").hasSize(20).matches("[-A-Za-z0-9]{20}");
        assertThat(PeerId.generate(new SplittableRandom(8))).isNotEqualTo(id);
    }

    @Property
    void handshakeRoundTrips(@ForAll @Size(8) byte[] reserved, @ForAll @Size(20) byte[] hash, @ForAll @Size(20) byte[] peer) {
        Handshake h = new Handshake(reserved, InfoHash.of(hash), PeerId.of(peer));
        assertThat(Handshake.decode(h.encode())).isEqualTo(h);
    }
}
