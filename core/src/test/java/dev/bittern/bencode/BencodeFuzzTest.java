package dev.bittern.bencode;

import com.code_intelligence.jazzer.junit.FuzzTest;

class BencodeFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void decoderFailsOnlyWithBencodeException(byte[] data) {
        try {
            BValue v = Bencode.decode(data);
            byte[] again = Bencode.encode(v);
            if (!java.util.Arrays.equals(again, data)) {
                throw new AssertionError("accepted input is not canonical");
            }
        } catch (BencodeException expected) {
            // rejected with an offset: fine
        }
    }
}
