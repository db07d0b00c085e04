package dev.bittern.bencode;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

/**
 * The decoder on arbitrary bytes: it either accepts the one canonical encoding of a value
 * (so re-encoding gives the input back) or fails with a {@link BencodeException} whose
 * offset lies inside the input. Seeds in BencodeFuzzTestInputs/ give regression mode
 * (plain {@code mvn verify}) real torrent-shaped and invalid inputs, not just the empty one.
 */
class BencodeFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void decoderFailsOnlyWithBencodeException(byte[] data) {
        BValue v;
        try {
            v = Bencode.decode(data);
        } catch (BencodeException expected) {
            if (expected.offset() < 0 || expected.offset() > data.length) {
                throw new AssertionError("error offset " + expected.offset() + " outside the " + data.length + "-byte input");
            }
            return;
        }
        byte[] again = Bencode.encode(v);
        if (!Arrays.equals(again, data)) {
            throw new AssertionError("accepted input is not canonical");
        }
        if (v instanceof BDictionary d) {
            Bencode.DecodedDictionary raw = Bencode.decodeWithRawValues(data, BencodeLimits.DEFAULT);
            if (!raw.dictionary().equals(d)) {
                throw new AssertionError("decodeWithRawValues disagrees with decode");
            }
        }
    }
}
