package dev.bittern.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BencodeTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesTheBep3Examples() {
        assertThat(Bencode.decode(b("4:spam"))).isEqualTo(BString.of("spam"));
        assertThat(Bencode.decode(b("0:"))).isEqualTo(BString.of(""));
        assertThat(Bencode.decode(b("i3e"))).isEqualTo(BInteger.of(3));
        assertThat(Bencode.decode(b("i-3e"))).isEqualTo(BInteger.of(-3));
        assertThat(Bencode.decode(b("i0e"))).isEqualTo(BInteger.of(0));
        assertThat(Bencode.decode(b("l4:spam4:eggse"))).isEqualTo(BList.of(BString.of("spam"), BString.of("eggs")));
        assertThat(Bencode.decode(b("d3:cow3:moo4:spam4:eggse")))
                .isEqualTo(BDictionary.builder().put("cow", "moo").put("spam", "eggs").build());
        assertThat(Bencode.decode(b("d4:spaml1:a1:bee")))
                .isEqualTo(BDictionary.builder().put("spam", BList.of(BString.of("a"), BString.of("b"))).build());
    }

    @Test
    void encodesCanonically() {
        BDictionary d = BDictionary.builder().put("spam", "eggs").put("cow", "moo").put("n", -7).build();
        assertThat(new String(Bencode.encode(d), StandardCharsets.ISO_8859_1)).isEqualTo("d3:cow3:moo1:ni-7e4:spam4:eggse");
    }

    @Test
    void rejectsLeadingZerosAndNegativeZero() {
        assertThatThrownBy(() -> Bencode.decode(b("i03e"))).isInstanceOf(BencodeException.class).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> Bencode.decode(b("i-0e"))).isInstanceOf(BencodeException.class).hasMessageContaining("negative zero");
        assertThatThrownBy(() -> Bencode.decode(b("03:abc"))).isInstanceOf(BencodeException.class).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> Bencode.decode(b("ie"))).isInstanceOf(BencodeException.class);
        assertThatThrownBy(() -> Bencode.decode(b("i-e"))).isInstanceOf(BencodeException.class);
    }

    @Test
    void rejectsUnsortedOrDuplicateKeysWithTheirOffset() {
        assertThatThrownBy(() -> Bencode.decode(b("d4:spam1:a3:cow1:be")))
                .isInstanceOf(BencodeException.class).hasMessageContaining("sorted")
                .extracting(e -> ((BencodeException) e).offset()).isEqualTo(10L);
        assertThatThrownBy(() -> Bencode.decode(b("d3:cow1:a3:cow1:be")))
                .isInstanceOf(BencodeException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> Bencode.decode(b("di1e1:ae")))
                .isInstanceOf(BencodeException.class).hasMessageContaining("key must be a byte string");
    }

    @Test
    void anyKeyOrderModeAcceptsUnsortedKeysButStillRejectsDuplicatesAndOtherFaults() {
        BDictionary d = Bencode.decodeDictionaryAnyKeyOrder(b("d4:spami1e3:cowd1:z0:1:a0:ee"), BencodeLimits.DEFAULT);
        assertThat(d.requireLong("spam")).isEqualTo(1);
        assertThat(d.require("cow", BDictionary.class).entries()).hasSize(2);
        assertThatThrownBy(() -> Bencode.decodeDictionaryAnyKeyOrder(b("d3:cow1:a4:spam1:b3:cow1:ce"), BencodeLimits.DEFAULT))
                .isInstanceOf(BencodeException.class).hasMessageContaining("duplicate")
                .extracting(e -> ((BencodeException) e).offset()).isEqualTo(18L);
        assertThatThrownBy(() -> Bencode.decodeDictionaryAnyKeyOrder(b("d1:bi01ee"), BencodeLimits.DEFAULT))
                .isInstanceOf(BencodeException.class).hasMessageContaining("leading zero");
        assertThatThrownBy(() -> Bencode.decodeDictionaryAnyKeyOrder(b("d1:b0:1:a0:ex"), BencodeLimits.DEFAULT))
                .isInstanceOf(BencodeException.class).hasMessageContaining("trailing");
        assertThatThrownBy(() -> Bencode.decodeDictionaryAnyKeyOrder(b("d1:bd1:ad1:ad1:a0:eeee"), new BencodeLimits(3, 100)))
                .isInstanceOf(BencodeException.class).hasMessageContaining("nesting");
        assertThatThrownBy(() -> Bencode.decodeDictionaryAnyKeyOrder(b("li1ee"), BencodeLimits.DEFAULT))
                .isInstanceOf(BencodeException.class).hasMessageContaining("expected a dictionary");
    }

    @Test
    void rejectsTrailingData() {
        assertThatThrownBy(() -> Bencode.decode(b("i1ei2e")))
                .isInstanceOf(BencodeException.class).hasMessageContaining("trailing data")
                .extracting(e -> ((BencodeException) e).offset()).isEqualTo(3L);
    }

    @Test
    void hugeLengthPrefixFailsFastWithoutAllocating() {
        byte[] in = b("999999999999:aaaaaaa");
        assertThatThrownBy(() -> Bencode.decode(in))
                .isInstanceOf(BencodeException.class).hasMessageContaining("length prefix exceeds")
                .extracting(e -> ((BencodeException) e).offset()).isEqualTo(0L);
        assertThatThrownBy(() -> Bencode.decode(b("5:abc")))
                .isInstanceOf(BencodeException.class).hasMessageContaining("runs past the end");
    }

    @Test
    void nestingIsBounded() {
        byte[] deep = b("l".repeat(100_000) + "e".repeat(100_000));
        assertThatThrownBy(() -> Bencode.decode(deep)).isInstanceOf(BencodeException.class).hasMessageContaining("nesting deeper");
    }

    @Test
    void inputSizeIsBounded() {
        assertThatThrownBy(() -> Bencode.decode(b("4:spam"), new BencodeLimits(8, 5)))
                .isInstanceOf(BencodeException.class).hasMessageContaining("exceeds the limit");
    }

    @Test
    void integersCoverTheSigned64BitRangeAndNoMore() {
        assertThat(Bencode.decode(b("i9223372036854775807e"))).isEqualTo(BInteger.of(Long.MAX_VALUE));
        assertThat(Bencode.decode(b("i-9223372036854775808e"))).isEqualTo(BInteger.of(Long.MIN_VALUE));
        assertThatThrownBy(() -> Bencode.decode(b("i9223372036854775808e"))).isInstanceOf(BencodeException.class).hasMessageContaining("64 bits");
        assertThatThrownBy(() -> Bencode.decode(b("i-9223372036854775809e"))).isInstanceOf(BencodeException.class).hasMessageContaining("64 bits");
    }

    @Test
    void rawValuesAreTheExactInputBytes() {
        byte[] in = b("d4:infod4:name1:xe3:zzzi1ee");
        Bencode.DecodedDictionary d = Bencode.decodeWithRawValues(in, BencodeLimits.DEFAULT);
        assertThat(new String(d.rawValue("info"), StandardCharsets.ISO_8859_1)).isEqualTo("d4:name1:xe");
        assertThat(d.rawValue("missing")).isNull();
    }

    @Test
    void keysSortAsUnsignedBytes() {
        // 0xff sorts after 'a' in raw-byte order; a signed comparison would get this wrong.
        byte[] in = new byte[] {'d', '1', ':', 'a', 'i', '1', 'e', '1', ':', (byte) 0xff, 'i', '2', 'e', 'e'};
        assertThat(Bencode.decode(in)).isInstanceOf(BDictionary.class);
    }
}
