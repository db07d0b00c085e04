package dev.bittern.tracker.server;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

class HttpTrackerQueryFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void queryParserFailsOnlyWithTrackerRequestException(byte[] data) {
        String query = new String(data, StandardCharsets.ISO_8859_1);
        try {
            AnnounceRequest r = HttpTrackerQuery.parseAnnounce(query);
            if (r.port() < 1 || r.port() > 65535 || r.uploaded() < 0 || r.downloaded() < 0 || r.left() < 0
                    || r.numWant().orElse(0) < 0 || r.peerId().length != 20) {
                throw new AssertionError("accepted an announce out of range: " + r);
            }
        } catch (TrackerRequestException expected) {
            // refused, naming the field
        }
        try {
            for (InfoHash h : HttpTrackerQuery.parseScrape(query)) {
                if (h.bytes().length != InfoHash.LENGTH) {
                    throw new AssertionError("info-hash of wrong length");
                }
            }
        } catch (TrackerRequestException expected) {
            // refused, naming the field
        }
    }
}
