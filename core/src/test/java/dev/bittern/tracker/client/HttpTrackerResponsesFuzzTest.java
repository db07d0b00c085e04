package dev.bittern.tracker.client;

import com.code_intelligence.jazzer.junit.FuzzTest;

class HttpTrackerResponsesFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void announceParserFailsOnlyWithTrackerExceptions(byte[] body) {
        try {
            AnnounceResponse r = HttpTrackerResponses.parseAnnounce(body);
            // Bounded cost: every peer needs at least 6 input bytes.
            if (r.peers().size() > body.length / 6) {
                throw new AssertionError("more peers than the body can hold: " + r.peers().size());
            }
            if (r.interval().isNegative()) {
                throw new AssertionError("negative interval accepted");
            }
        } catch (TrackerException expected) {
            // refused or malformed, with field and offset: fine
        }
    }
}
