package dev.bittern.metainfo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * {@link MagnetLink#parse} on arbitrary text fails only with {@link MagnetException}, and every
 * link it accepts formats to a URI that parses back to the same link.
 */
class MagnetLinkFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void parseFailsOnlyWithMagnetExceptionAndAcceptedLinksRoundTrip(byte[] data) {
        // Bytes as UTF-8 (malformed sequences become U+FFFD), so seeds are plain text files.
        String uri = new String(data, StandardCharsets.UTF_8);
        MagnetLink link;
        try {
            link = MagnetLink.parse(uri);
        } catch (MagnetException expected) {
            return;
        }
        MagnetLink again = MagnetLink.parse(link.toUri());
        if (!again.equals(link)) {
            throw new AssertionError("round trip changed " + link + " into " + again);
        }
    }
}
