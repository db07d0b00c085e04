package dev.bittern.tracker.server;

import com.code_intelligence.jazzer.junit.FuzzTest;

class HttpRequestHeadFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void headParserFailsOnlyWithHttpRequestException(byte[] data) {
        int end = HttpRequestHead.headEnd(data, 0, data.length);
        if (end > data.length || end == 0) {
            throw new AssertionError("head end out of range: " + end);
        }
        try {
            HttpRequestHead h = HttpRequestHead.parse(data, 0, end < 0 ? data.length : end);
            if (!h.rawPath().startsWith("/") || h.method().isEmpty()) {
                throw new AssertionError("accepted a head without method or origin-form path: " + h);
            }
        } catch (HttpRequestException e) {
            if (e.status() < 400 || e.status() > 599) {
                throw new AssertionError("not an error status: " + e.status(), e);
            }
        }
    }
}
