package dev.bittern.tracker.server;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.Bencode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test-side HTTP: one raw request over a socket, so malformed requests can be sent too. */
final class TrackerHttp {
    private TrackerHttp() {
    }

    record Response(int status, String head, byte[] body) {
        BDictionary bencoded() {
            return Bencode.decodeDictionary(body);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Response get(int port, String target) throws IOException {
        return raw(port, ("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response raw(int port, byte[] request) throws IOException {
        return raw(InetAddress.getLoopbackAddress(), port, request);
    }

    static Response get(InetAddress host, int port, String target) throws IOException {
        return raw(host, port, ("GET " + target + " HTTP/1.1\r\nHost: tracker\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    }

    static Response raw(InetAddress host, int port, byte[] request) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    all.write(buf, 0, n);
                    if (all.size() > 16 << 20) {
                        throw new IOException("response larger than 16 MiB");
                    }
                }
            } catch (java.net.SocketException reset) {
                // The server dropped the connection (it may do so for oversized requests); report what came.
                if (all.size() == 0) {
                    return new Response(-1, "connection reset: " + reset.getMessage(), new byte[0]);
                }
            }
            byte[] bytes = all.toByteArray();
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) {
                return new Response(-1, text, new byte[0]);
            }
            String head = text.substring(0, end);
            int status = Integer.parseInt(head.split(" ")[1]);
            byte[] body = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
            if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = unchunk(body);
            }
            return new Response(status, head, body);
        }
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < body.length) {
            int lineEnd = i;
            while (body[lineEnd] != '\r') {
                lineEnd++;
            }
            int size = Integer.parseInt(new String(body, i, lineEnd - i, StandardCharsets.ISO_8859_1).trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            i = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    static String urlEncode(byte[] bytes) {
        StringBuilder b = new StringBuilder();
        for (byte x : bytes) {
            b.append('%').append(HexFormat.of().toHexDigits(x));
        }
        return b.toString();
    }

    static String announce(InfoHash h, byte[] peerId, int port, long left, String extra) {
        return "/announce?info_hash=" + urlEncode(h.bytes()) + "&peer_id=" + urlEncode(peerId) + "&port=" + port
                + "&uploaded=0&downloaded=0&left=" + left + extra;
    }
}
