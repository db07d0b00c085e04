package dev.bittern.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ExtensionHandshakeTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void parsesTheBep10Example() {
        ExtensionHandshake h = ExtensionHandshake.parse(b("d1:md11:LT_metadatai1e6:ut_pexi2ee1:pi6881e1:v13:\u00b5Torrent 1.2e"));
        assertThat(h.messages()).containsEntry("LT_metadata", 1);
        assertThat(h.listenPort()).hasValue(6881);
        assertThat(h.client()).hasValue("\u00b5Torrent 1.2");
        assertThat(h.idOf("LT_metadata")).hasValue(1);
        assertThat(h.idOf("ut_pex")).hasValue(2);
        assertThat(h.idOf("ut_holepunch")).isEmpty();
    }

    @Test
    void disabledExtensionHasNoId() {
        ExtensionHandshake h = ExtensionHandshake.parse(b("d1:md6:ut_pexi0eee"));
        assertThat(h.messages()).containsEntry("ut_pex", 0);
        assertThat(h.idOf("ut_pex")).isEmpty();
    }

    @Test
    void unknownKeysAreKeptAndSurviveEncoding() {
        ExtensionHandshake h = ExtensionHandshake.parse(b("d1:ei0e1:md11:ut_metadatai3ee13:metadata_sizei31235e4:reqqi500e6:yourip4:\u007f\u0000\u0000\u0001e"));
        assertThat(h.extra().containsKey("e")).isTrue();
        assertThat(h.metadataSize()).hasValue(31235);
        assertThat(h.requestQueue()).hasValue(500);
        assertThat(h.yourIp()).hasValue(InetAddress.getLoopbackAddress());
        assertThat(ExtensionHandshake.parse(h.encode())).isEqualTo(h);
    }

    @Test
    void encodesCanonically() throws Exception {
        ExtensionHandshake h = new ExtensionHandshake(new TreeMap<>(Map.of("ut_metadata", 2, "ut_pex", 1)), Optional.of("Bittern 0.1"),
                OptionalInt.of(51413), OptionalInt.of(250), OptionalLong.empty(), Optional.of(InetAddress.getByName("10.0.0.1")),
                BDictionary.builder().build());
        assertThat(new String(h.encode(), StandardCharsets.ISO_8859_1))
                .isEqualTo("d1:md11:ut_metadatai2e6:ut_pexi1ee1:pi51413e4:reqqi250e1:v11:Bittern 0.16:yourip4:\n\u0000\u0000\u0001e");
    }

    @Test
    void malformedBencodeIsRejectedWithItsOffset() {
        assertThatThrownBy(() -> ExtensionHandshake.parse(b("d1:md6:ut_pexi1e")))
                .isInstanceOf(WireProtocolException.class).extracting(e -> ((WireProtocolException) e).offset()).isEqualTo(16L);
    }

    @Test
    void wrongTypesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> ExtensionHandshake.parse(b("d1:mi1ee"))).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("extension handshake.m: expected a dictionary, found integer");
        assertThatThrownBy(() -> ExtensionHandshake.parse(b("d1:md6:ut_pexi256eee")))
                .hasMessageContaining("m.ut_pex: expected an extension id 0..255, found integer 256");
        assertThatThrownBy(() -> ExtensionHandshake.parse(b("d1:pi70000ee"))).hasMessageContaining("extension handshake.p");
        assertThatThrownBy(() -> ExtensionHandshake.parse(b("d6:yourip3:abce"))).hasMessageContaining("expected 4 or 16 bytes");
        assertThatThrownBy(() -> ExtensionHandshake.parse(b("li1ee"))).isInstanceOf(WireProtocolException.class);
    }

    @Provide
    Arbitrary<ExtensionHandshake> handshakes() {
        Arbitrary<TreeMap<String, Integer>> m = Arbitraries.maps(Arbitraries.strings().alpha().numeric().withChars("_µ€").ofMinLength(1).ofMaxLength(12),
                Arbitraries.integers().between(0, 255)).ofMaxSize(5).map(TreeMap::new);
        Arbitrary<Optional<String>> v = Arbitraries.strings().alpha().numeric().withChars(" .-µ€").ofMaxLength(20).optional();
        Arbitrary<OptionalInt> p = Arbitraries.integers().between(0, 65535).optional().map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty()));
        Arbitrary<OptionalInt> reqq = Arbitraries.integers().between(0, Integer.MAX_VALUE).optional()
                .map(o -> o.map(OptionalInt::of).orElse(OptionalInt.empty()));
        Arbitrary<OptionalLong> size = Arbitraries.longs().between(0, Long.MAX_VALUE).optional()
                .map(o -> o.map(OptionalLong::of).orElse(OptionalLong.empty()));
        Arbitrary<Optional<InetAddress>> ip = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofSize(16)).map(b -> {
                    try {
                        return InetAddress.getByAddress(b);
                    } catch (java.net.UnknownHostException e) {
                        throw new IllegalStateException(e);
                    }
                }).optional();
        Arbitrary<BDictionary> extra = Arbitraries.maps(Arbitraries.strings().alpha().ofMinLength(7).ofMaxLength(10),
                Arbitraries.longs()).ofMaxSize(3).map(x -> {
                    BDictionary.Builder b = BDictionary.builder();
                    x.forEach((k, val) -> b.put("x_" + k, val));
                    return b.build();
                });
        return Combinators.combine(m, v, p, reqq, size, ip, extra).as(ExtensionHandshake::new);
    }

    @Property
    void extensionHandshakeRoundTrips(@ForAll("handshakes") ExtensionHandshake h) {
        assertThat(ExtensionHandshake.parse(h.encode())).isEqualTo(h);
        assertThat(ExtensionHandshake.parse(h.toMessage().payload())).isEqualTo(h);
    }
}
