package dev.bittern.tracker.server;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An answer to serialise: status, content type, extra header fields, body. */
public record HttpResponse(int status, String contentType, Map<String, String> headers, byte[] body) {
    public HttpResponse {
        headers = Map.copyOf(headers);
    }

    public static HttpResponse of(int status, String contentType, byte[] body) {
        return new HttpResponse(status, contentType, Map.of(), body);
    }

    public static HttpResponse text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes on the wire (HTTP/1.1 status line, fields, body unless HEAD). */
    byte[] serialize(boolean keepAlive, boolean head) {
        StringBuilder b = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(body.length);
        headers.forEach((k, v) -> b.append("\r\n").append(k).append(": ").append(v));
        b.append(keepAlive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n");
        byte[] top = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head) {
            return top;
        }
        byte[] all = java.util.Arrays.copyOf(top, top.length + body.length);
        System.arraycopy(body, 0, all, top.length, body.length);
        return all;
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
