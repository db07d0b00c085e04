package dev.bittern.tracker.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer to serialise: status, content type, extra header fields, body. */
public record HttpResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public HttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must have three digits, got " + status);
        }
        headers = Map.copyOf(headers);
    }

    public static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, Map.of(), body);
    }

    public static HttpResponse text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The bytes on the wire (HTTP/1.1 status line, fields, body unless HEAD), written into one
     * array of the exact size: this runs once per announce.
     */
    byte[] serialize(boolean keepAlive, boolean head) {
        String contentLength = Integer.toString(body.length);
        String reason = reason(status);
        int size = STATUS_PREFIX.length() + 4 + reason.length() + CONTENT_TYPE.length() + contentType.length()
                + CONTENT_LENGTH.length() + contentLength.length()
                + (keepAlive ? END.length() : CLOSE_END.length()) + (head ? 0 : body.length);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            size += 4 + h.getKey().length() + h.getValue().length();
        }
        byte[] out = new byte[size];
        int at = latin1(out, 0, STATUS_PREFIX);
        out[at++] = (byte) ('0' + status / 100 % 10);
        out[at++] = (byte) ('0' + status / 10 % 10);
        out[at++] = (byte) ('0' + status % 10);
        out[at++] = ' ';
        at = latin1(out, at, reason);
        at = latin1(out, at, CONTENT_TYPE);
        at = latin1(out, at, contentType);
        at = latin1(out, at, CONTENT_LENGTH);
        at = latin1(out, at, contentLength);
        for (Map.Entry<String, String> h : headers.entrySet()) {
            at = latin1(out, at, "\r\n");
            at = latin1(out, at, h.getKey());
            at = latin1(out, at, ": ");
            at = latin1(out, at, h.getValue());
        }
        at = latin1(out, at, keepAlive ? END : CLOSE_END);
        if (!head) {
            System.arraycopy(body, 0, out, at, body.length);
        }
        return out;
    }

    private static final String STATUS_PREFIX = "HTTP/1.1 ";
    private static final String CONTENT_TYPE = "\r\nContent-Type: ";
    private static final String CONTENT_LENGTH = "\r\nContent-Length: ";
    private static final String END = "\r\n\r\n";
    private static final String CLOSE_END = "\r\nConnection: close\r\n\r\n";

    /** ISO-8859-1, as {@code String.getBytes(ISO_8859_1)}: a char above 0xFF becomes '?'. */
    private static int latin1(byte[] out, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out[at++] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return at;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 431 -> "Request Header Fields Too Large";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Status";
        };
    }
}
