package dev.bittern.bencode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the strict codec over arbitrary value trees (BEP 3 bencoding). */
class BencodePropertiesTest {

    @Property
    void decodingAnEncodedValueGivesTheValueBack(@ForAll("values") BValue value) {
        assertThat(Bencode.decode(Bencode.encode(value))).isEqualTo(value);
    }

    @Property
    void canonicalInputReEncodesToTheSameBytes(@ForAll("values") BValue value) {
        byte[] canonical = Bencode.encode(value);
        assertThat(Bencode.encode(Bencode.decode(canonical))).isEqualTo(canonical);
    }

    @Property
    void rawTopLevelValuesAreExactlyTheirEncoding(@ForAll("dictionaries") BDictionary dict) {
        Bencode.DecodedDictionary decoded = Bencode.decodeWithRawValues(Bencode.encode(dict), BencodeLimits.DEFAULT);
        assertThat(decoded.dictionary()).isEqualTo(dict);
        for (Map.Entry<BString, BValue> e : dict.entries().entrySet()) {
            String key = e.getKey().utf8();
            if (e.getKey().isValidUtf8()) {
                assertThat(decoded.rawValue(key)).isEqualTo(Bencode.encode(e.getValue()));
            }
        }
    }

    @Property
    void everyProperPrefixOfAnEncodingIsRejected(@ForAll("values") BValue value, @ForAll @IntRange(min = 0, max = 10_000) int cut) {
        byte[] full = Bencode.encode(value);
        byte[] prefix = Arrays.copyOf(full, cut % full.length);
        // Bencoding is prefix-free: a shorter input can never be a complete value.
        assertThatThrownBy(() -> Bencode.decode(prefix)).isInstanceOf(BencodeException.class);
    }

    @Property
    void mutatedInputDecodesCanonicallyOrFailsWithBencodeException(
            @ForAll("values") BValue value, @ForAll("mutations") Mutation mutation) {
        byte[] mutated = mutation.apply(Bencode.encode(value));
        BValue decoded;
        try {
            decoded = Bencode.decode(mutated);
        } catch (BencodeException expected) {
            assertThat(expected.offset()).isBetween(0L, (long) mutated.length);
            return;
        }
        // Strictness: whatever is accepted is the one canonical form of what it decodes to.
        assertThat(Bencode.encode(decoded)).isEqualTo(mutated);
    }

    @Property
    void arbitraryBytesDecodeCanonicallyOrFailWithBencodeException(@ForAll @Size(max = 64) byte[] input) {
        try {
            assertThat(Bencode.encode(Bencode.decode(input))).isEqualTo(input);
        } catch (BencodeException expected) {
            assertThat(expected.offset()).isBetween(0L, (long) input.length);
        }
    }

    @Property
    void decodePrefixStopsRightAfterTheValue(@ForAll("values") BValue value, @ForAll @Size(max = 16) byte[] trailer) {
        byte[] encoded = Bencode.encode(value);
        byte[] input = new byte[encoded.length + trailer.length];
        System.arraycopy(encoded, 0, input, 0, encoded.length);
        System.arraycopy(trailer, 0, input, encoded.length, trailer.length);
        Bencode.Prefix prefix = Bencode.decodePrefix(input, 0, input.length, BencodeLimits.DEFAULT);
        assertThat(prefix.value()).isEqualTo(value);
        assertThat(prefix.end()).isEqualTo(encoded.length);
    }

    // ---- generators ----

    @Provide
    Arbitrary<BValue> values() {
        return Arbitraries.recursive(BencodePropertiesTest::leaves, BencodePropertiesTest::containersOf, 0, 4);
    }

    @Provide
    Arbitrary<BDictionary> dictionaries() {
        return dictionariesOf(values());
    }

    private static Arbitrary<BValue> leaves() {
        return Arbitraries.oneOf(byteStrings().map(s -> s), Arbitraries.longs().map(BInteger::of));
    }

    /** Byte strings of arbitrary bytes: non-UTF-8, NUL, 0xff, and digits/':' that look like syntax. */
    private static Arbitrary<BString> byteStrings() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(BString::of);
    }

    private static Arbitrary<BValue> containersOf(Arbitrary<BValue> inner) {
        return Arbitraries.oneOf(
                inner,
                inner.list().ofMaxSize(5).map(BList::new),
                dictionariesOf(inner).map(d -> d));
    }

    private static Arbitrary<BDictionary> dictionariesOf(Arbitrary<BValue> inner) {
        return Arbitraries.maps(byteStrings(), inner).ofMaxSize(5).map(m -> new BDictionary(new TreeMap<>(m)));
    }

    /** One edit of an input: flip, overwrite, insert or delete a byte, or truncate. */
    record Mutation(int kind, int position, byte b) {
        byte[] apply(byte[] in) {
            int at = Math.floorMod(position, in.length + 1);
            return switch (kind) {
                case 0 -> { // overwrite
                    byte[] out = in.clone();
                    if (in.length > 0) {
                        out[Math.min(at, in.length - 1)] = b;
                    }
                    yield out;
                }
                case 1 -> { // insert
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, at);
                    out[at] = b;
                    System.arraycopy(in, at, out, at + 1, in.length - at);
                    yield out;
                }
                case 2 -> { // delete
                    if (at >= in.length) {
                        yield in.clone();
                    }
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + 1, out, at, in.length - at - 1);
                    yield out;
                }
                default -> Arrays.copyOf(in, at); // truncate
            };
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        // Bytes biased towards bencode syntax so that mutations hit the interesting cases.
        Arbitrary<Byte> bytes = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of((byte) 'i', (byte) 'e', (byte) 'l', (byte) 'd', (byte) ':', (byte) '-', (byte) '0', (byte) '9'));
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(), bytes).as(Mutation::new);
    }
}
