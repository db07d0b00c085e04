package dev.bittern.tracker.client;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Arrays;

class UdpTrackerCodecFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void responseDecoderFailsOnlyWithTrackerProtocolException(byte[] datagram) {
        for (boolean ipv6 : new boolean[] {false, true}) {
            try {
                UdpTrackerMessage.Response r = UdpTrackerCodec.decodeResponse(datagram, datagram.length, ipv6);
                // Canonical layouts re-encode to the same bytes (connect responses may carry trailing bytes).
                byte[] again = UdpTrackerCodec.encode(r);
                // Error texts that are not UTF-8 are repaired, so they do not re-encode byte for byte.
                if (!(r instanceof UdpTrackerMessage.ConnectResponse) && !(r instanceof UdpTrackerMessage.ErrorResponse)
                        && !Arrays.equals(again, datagram)) {
                    throw new AssertionError("decoded datagram does not re-encode to itself: " + r);
                }
            } catch (TrackerProtocolException expected) {
                // malformed, with field and offset: fine
            }
        }
    }
}
