package dev.bittern.tracker.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpRequestHeadTest {
    private static HttpRequestHead parse(String head) {
        byte[] b = head.getBytes(StandardCharsets.ISO_8859_1);
        return HttpRequestHead.parse(b, 0, b.length);
    }

    @Test
    void splitsTargetIntoPathAndRawQuery() {
        HttpRequestHead h = parse("GET /announce?info_hash=%01%02&x=y HTTP/1.1\r\nHost: t\r\n\r\n");
        assertThat(h.method()).isEqualTo("GET");
        assertThat(h.rawPath()).isEqualTo("/announce");
        assertThat(h.rawQuery()).isEqualTo("info_hash=%01%02&x=y");
        assertThat(h.http11()).isTrue();
        assertThat(h.keepAlive()).isTrue();
        assertThat(parse("GET /x HTTP/1.1\r\n\r\n").rawQuery()).isNull();
    }

    @Test
    void connectionHeaderDecidesKeepAlive() {
        assertThat(parse("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
        assertThat(parse("GET / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
        assertThat(parse("GET / HTTP/1.1\nConnection: keep-alive, close\n\n").keepAlive()).isFalse();
    }

    @Test
    void bodyFramingIsReported() {
        assertThat(parse("POST / HTTP/1.1\r\nContent-Length: 12\r\n\r\n").contentLength()).hasValue(12);
        assertThat(parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").chunked()).isTrue();
        // Field names match case-insensitively and only as a whole name.
        assertThat(parse("POST / HTTP/1.1\r\nCONTENT-length: 7\r\n\r\n").contentLength()).hasValue(7);
        assertThat(parse("POST / HTTP/1.1\r\ntransfer-ENCODING: chunked\r\n\r\n").chunked()).isTrue();
        HttpRequestHead lookalikes = parse("GET / HTTP/1.1\r\nContent-Lengths: 7\r\nConnectio: close\r\n"
                + "Transfer-Encodings: chunked\r\n\r\n");
        assertThat(lookalikes.contentLength()).isEmpty();
        assertThat(lookalikes.keepAlive()).isTrue();
        assertThat(lookalikes.chunked()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "GET /|400|request line not terminated",
            "GET\\r\\n\\r\\n|400|METHOD SP TARGET SP VERSION",
            "GET  / HTTP/1.1\\r\\n\\r\\n|400|METHOD SP TARGET SP VERSION",
            "GET / HTTP/1.1 x\\r\\n\\r\\n|400|METHOD SP TARGET SP VERSION",
            "G(T / HTTP/1.1\\r\\n\\r\\n|400|invalid character in method",
            "GET http://x/ HTTP/1.1\\r\\n\\r\\n|400|must be a path",
            "GET / HTTP/2.0\\r\\n\\r\\n|505|only HTTP/1.0 and HTTP/1.1",
            "GET / FTP/1.0\\r\\n\\r\\n|400|invalid HTTP version",
            "GET / HTTP/1.1\\r\\nHost: x\\r\\n|400|not terminated by an empty line",
            "GET / HTTP/1.1\\r\\n folded\\r\\n\\r\\n|400|line folding",
            "GET / HTTP/1.1\\r\\nno colon\\r\\n\\r\\n|400|without a name",
            "GET / HTTP/1.1\\r\\nBad Name: x\\r\\n\\r\\n|400|invalid character in header field name",
            "GET / HTTP/1.1\\r\\nContent-Length: -1\\r\\n\\r\\n|400|Content-Length must be a decimal",
            "GET / HTTP/1.1\\r\\nContent-Length: 1\\r\\nContent-Length: 1\\r\\n\\r\\n|400|more than once",
    })
    void malformedHeadsAreRefusedWithStatusAndOffset(String escaped, int status, String message) {
        // The CSV rows spell CR and LF as \r and \n so that each row stays on one line.
        String head = escaped.replace("\\r", "\r").replace("\\n", "\n");
        assertThatThrownBy(() -> parse(head)).isInstanceOfSatisfying(HttpRequestException.class,
                e -> assertThat(e.status()).isEqualTo(status)).hasMessageContaining(message).hasMessageContaining("at byte");
    }

    @Test
    void controlBytesInTargetOrValuesAreRefused() {
        assertThatThrownBy(() -> parse("GET /a\u0001 HTTP/1.1\r\n\r\n")).hasMessageContaining("invalid byte 0x1 in request target (at byte 6 ");
        assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nX: a\u0000b\r\n\r\n")).hasMessageContaining("control character");
    }

    @Test
    void limitsOnHeadSizeAndFieldCount() {
        String many = "GET / HTTP/1.1\r\n" + "X: y\r\n".repeat(HttpRequestHead.MAX_HEADER_FIELDS + 1) + "\r\n";
        assertThatThrownBy(() -> parse(many)).isInstanceOfSatisfying(HttpRequestException.class,
                e -> assertThat(e.status()).isEqualTo(431));
        byte[] big = new byte[HttpRequestHead.MAX_HEAD_BYTES + 1];
        assertThatThrownBy(() -> HttpRequestHead.parse(big, 0, big.length)).hasMessageContaining("longer than");
    }

    @Test
    void headEndFindsCrlfAndBareLfTerminators() {
        byte[] a = "GET / HTTP/1.1\r\nA: b\r\n\r\nNEXT".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HttpRequestHead.headEnd(a, 0, a.length)).isEqualTo(a.length - 4);
        byte[] b = "GET / HTTP/1.1\nA: b\n\nNEXT".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(HttpRequestHead.headEnd(b, 0, b.length)).isEqualTo(b.length - 4);
        assertThat(HttpRequestHead.headEnd(a, 0, 10)).isEqualTo(-1);
    }
}
