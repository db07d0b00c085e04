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
                if (!(r instanceof UdpTrackerMessage.ConnectResponse) && !(r instanceof UdpTrackerMessage.ErrorResponse)
                        && !(r instanceof UdpTrackerMessage.AnnounceUdpResponse a && a.peers().stream()
                                .anyMatch(p -> (p.getAddress() instanceof java.net.Inet4Address) == ipv6))
                        && !Arrays.equals(again, datagram)) {
                    throw new AssertionError("decoded datagram does not re-encode to itself: " + r);
                }
            } catch (TrackerProtocolException expected) {
                // malformed, with field and offset: fine
            }
        }
    }
}
