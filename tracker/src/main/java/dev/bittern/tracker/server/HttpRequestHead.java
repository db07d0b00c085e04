package dev.bittern.tracker.server;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The parsed head of one HTTP/1.x request (RFC 9112): request line and the few header fields
 * this server acts on. Parsed from untrusted bytes with {@link #parse}: every fault is an
 * {@link HttpRequestException} carrying the status to answer and the offset of the fault.
 *
 * @param rawPath       the target up to '?', still percent-encoded
 * @param rawQuery      the target after '?', still percent-encoded; null when there is no '?'
 * @param keepAlive     whether the connection stays open after the answer (HTTP/1.1 unless
 *                      "Connection: close"; HTTP/1.0 only with "Connection: keep-alive")
 * @param contentLength the declared body length, when given
 */
public record HttpRequestHead(String method, String rawPath, String rawQuery, boolean http11, boolean keepAlive,
                              OptionalLong contentLength, boolean chunked) {
    /** Request line plus header fields; beyond it the client gets 431 (or 414 for the line). */
    public static final int MAX_HEAD_BYTES = 8192;
    public static final int MAX_HEADER_FIELDS = 64;

    /**
     * Parses {@code buf[off, off+len)}, which holds the whole head including the empty line
     * that ends it (CRLF line ends; a bare LF is accepted, as RFC 9112 section 2.2 allows).
     */
    public static HttpRequestHead parse(byte[] buf, int off, int len) {
        if (len > MAX_HEAD_BYTES) {
            throw new HttpRequestException(431, 0, "request head longer than " + MAX_HEAD_BYTES + " bytes");
        }
        int end = off + len;
        int lineEnd = lineEnd(buf, off, end);
        if (lineEnd < 0) {
            throw new HttpRequestException(400, 0, "request line not terminated");
        }
        int contentEnd = trimCr(buf, off, lineEnd);
        int sp1 = indexOf(buf, off, contentEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(buf, sp1 + 1, contentEnd, (byte) ' ');
        if (sp1 <= off || sp2 < 0 || sp2 == sp1 + 1 || indexOf(buf, sp2 + 1, contentEnd, (byte) ' ') >= 0) {
            throw new HttpRequestException(400, 0, "request line must be METHOD SP TARGET SP VERSION");
        }
        for (int i = off; i < sp1; i++) {
            if (!isTokenChar(buf[i])) {
                throw new HttpRequestException(400, i - off, "invalid character in method");
            }
        }
        String method = ascii(buf, off, sp1);
        if (buf[sp1 + 1] != '/') {
            throw new HttpRequestException(400, sp1 + 1 - off, "request target must be a path starting with '/'");
        }
        int question = -1;
        for (int i = sp1 + 1; i < sp2; i++) {
            byte b = buf[i];
            if (b < 0x21 || b > 0x7E) {
                throw new HttpRequestException(400, i - off, "invalid byte 0x" + Integer.toHexString(b & 0xFF) + " in request target");
            }
            if (b == '?' && question < 0) {
                question = i;
            }
        }
        String rawPath = ascii(buf, sp1 + 1, question < 0 ? sp2 : question);
        String rawQuery = question < 0 ? null : ascii(buf, question + 1, sp2);
        boolean http11;
        if (equalsAscii(buf, sp2 + 1, contentEnd, "HTTP/1.1", false)) {
            http11 = true;
        } else if (equalsAscii(buf, sp2 + 1, contentEnd, "HTTP/1.0", false)) {
            http11 = false;
        } else if (contentEnd - (sp2 + 1) >= 5 && equalsAscii(buf, sp2 + 1, sp2 + 6, "HTTP/", false)) {
            throw new HttpRequestException(505, sp2 + 1 - off, "only HTTP/1.0 and HTTP/1.1 are supported");
        } else {
            throw new HttpRequestException(400, sp2 + 1 - off, "invalid HTTP version");
        }

        Boolean connectionClose = null;
        OptionalLong contentLength = OptionalLong.empty();
        boolean chunked = false;
        int fields = 0;
        int pos = lineEnd + 1;
        while (true) {
            int le = lineEnd(buf, pos, end);
            if (le < 0) {
                throw new HttpRequestException(400, pos - off, "header section not terminated by an empty line");
            }
            int ce = trimCr(buf, pos, le);
            if (ce == pos) {
                if (le + 1 != end) {
                    throw new HttpRequestException(400, le + 1 - off, "bytes after the end of the head");
                }
                break;
            }
            if (++fields > MAX_HEADER_FIELDS) {
                throw new HttpRequestException(431, pos - off, "more than " + MAX_HEADER_FIELDS + " header fields");
            }
            if (buf[pos] == ' ' || buf[pos] == '\t') {
                throw new HttpRequestException(400, pos - off, "obsolete line folding is not accepted");
            }
            int colon = indexOf(buf, pos, ce, (byte) ':');
            if (colon <= pos) {
                throw new HttpRequestException(400, pos - off, "header field without a name and ':'");
            }
            for (int i = pos; i < colon; i++) {
                if (!isTokenChar(buf[i])) {
                    throw new HttpRequestException(400, i - off, "invalid character in header field name");
                }
            }
            int vs = colon + 1;
            int ve = ce;
            while (vs < ve && (buf[vs] == ' ' || buf[vs] == '\t')) {
                vs++;
            }
            while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                byte b = buf[i];
                if ((b < 0x20 && b != '\t') || b == 0x7F) {
                    throw new HttpRequestException(400, i - off, "control character in header field value");
                }
            }
            // Names compared in place: most fields (Host, User-Agent...) need no String at all.
            if (equalsAscii(buf, pos, colon, "connection", true)) {
                String value = new String(buf, vs, ve - vs, StandardCharsets.ISO_8859_1);
                for (String option : value.split(",")) {
                    String o = option.strip().toLowerCase(java.util.Locale.ROOT);
                    if (o.equals("close")) {
                        connectionClose = true;
                    } else if (o.equals("keep-alive") && connectionClose == null) {
                        connectionClose = false;
                    }
                }
            } else if (equalsAscii(buf, pos, colon, "content-length", true)) {
                String value = new String(buf, vs, ve - vs, StandardCharsets.ISO_8859_1);
                if (contentLength.isPresent()) {
                    throw new HttpRequestException(400, pos - off, "Content-Length given more than once");
                }
                if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                    throw new HttpRequestException(400, vs - off, "Content-Length must be a decimal number");
                }
                contentLength = OptionalLong.of(Long.parseLong(value));
            } else if (equalsAscii(buf, pos, colon, "transfer-encoding", true)) {
                chunked = true;
            }
            // Other fields do not change how this server answers.
            pos = le + 1;
        }
        boolean keepAlive = http11 ? !Boolean.TRUE.equals(connectionClose) : Boolean.FALSE.equals(connectionClose);
        return new HttpRequestHead(method, rawPath, rawQuery, http11, keepAlive, contentLength, chunked);
    }

    /**
     * Where the head ends in {@code buf[from, to)}: the index just past the empty line, or -1
     * when it is not complete yet. {@code scanFrom} lets a reader resume without rescanning.
     */
    public static int headEnd(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < to && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < to && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private static int lineEnd(byte[] buf, int from, int to) {
        return indexOf(buf, from, to, (byte) '\n');
    }

    private static int trimCr(byte[] buf, int from, int lf) {
        return lf > from && buf[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** RFC 9110 token characters. */
    private static boolean isTokenChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }

    /** Whether {@code buf[from, to)} is {@code expected} (lower case), ASCII letters case-insensitively if asked. */
    private static boolean equalsAscii(byte[] buf, int from, int to, String expected, boolean ignoreCase) {
        if (to - from != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            int b = buf[from + i];
            if (ignoreCase && b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String ascii(byte[] buf, int from, int to) {
        return new String(buf, from, to - from, StandardCharsets.ISO_8859_1);
    }
}
