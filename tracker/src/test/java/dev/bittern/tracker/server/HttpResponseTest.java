package dev.bittern.tracker.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpResponseTest {
    private static String wire(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    @Test
    void closingAnswerHasStatusLineLengthConnectionCloseAndBody() {
        HttpResponse r = HttpResponse.of(200, "text/plain", "d8:intervali1800ee".getBytes(StandardCharsets.US_ASCII));
        assertThat(wire(r.serialize(false, false))).isEqualTo(
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 18\r\nConnection: close\r\n\r\n"
                        + "d8:intervali1800ee");
    }

    @Test
    void keepAliveAnswerCarriesExtraFieldsAndHeadLeavesTheBodyOut() {
        HttpResponse r = new HttpResponse(404, "text/html; charset=utf-8", Map.of("Location", "/x\u00e9\u20ac"),
                new byte[] {1, 2, 3});
        assertThat(wire(r.serialize(true, true))).isEqualTo(
                "HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: 3"
                        + "\r\nLocation: /x\u00e9?\r\n\r\n");
        assertThat(r.serialize(true, false)).endsWith(1, 2, 3);
    }

    @Test
    void statusMustHaveThreeDigits() {
        assertThatThrownBy(() -> HttpResponse.of(42, "text/plain", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("42");
    }
}
