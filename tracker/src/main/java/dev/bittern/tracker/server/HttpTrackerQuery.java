package dev.bittern.tracker.server;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Decodes the query string of an HTTP announce (BEP 3, with BEP 23 {@code compact}) or scrape
 * (BEP 48). Values are percent-decoded to bytes, since {@code info_hash} and {@code peer_id}
 * are binary. Every failure is a {@link TrackerRequestException} naming the parameter; the cost
 * is bounded by {@link #MAX_QUERY_LENGTH} and {@link #MAX_PARAMETERS}.
 */
public final class HttpTrackerQuery {
    /** Longer than any real announce or a 100-hash scrape (about 6 KB). */
    public static final int MAX_QUERY_LENGTH = 8192;
    public static final int MAX_PARAMETERS = 128;
    private static final int MAX_KEY_LENGTH = 64;

    private HttpTrackerQuery() {
    }

    /** @param rawQuery the query exactly as sent (still percent-encoded); null or empty means none */
    public static AnnounceRequest parseAnnounce(String rawQuery) {
        Map<String, byte[]> p = single(split(rawQuery));
        InfoHash infoHash = InfoHash.of(exactly(p, "info_hash", InfoHash.LENGTH));
        byte[] peerId = exactly(p, "peer_id", PeerStore.PEER_ID_LENGTH);
        long port = number(p, "port", -1, 65535);
        if (port < 1) {
            throw new TrackerRequestException("port", "must be between 1 and 65535, got " + port);
        }
        long uploaded = number(p, "uploaded", 0, Long.MAX_VALUE);
        long downloaded = number(p, "downloaded", 0, Long.MAX_VALUE);
        long left = number(p, "left", -1, Long.MAX_VALUE);
        if (left < 0) {
            throw new TrackerRequestException("left", "missing");
        }
        AnnounceEvent event = event(p.get("event"));
        OptionalInt numWant = p.containsKey("numwant")
                ? OptionalInt.of((int) Math.min(Integer.MAX_VALUE, number(p, "numwant", 0, Long.MAX_VALUE)))
                : OptionalInt.empty();
        // BEP 23: compact answers are the default; the dictionary form only when asked with compact=0.
        boolean compact = flag(p, "compact", true);
        boolean noPeerId = flag(p, "no_peer_id", false);
        OptionalInt key = OptionalInt.empty();
        byte[] keyBytes = p.get("key");
        if (keyBytes != null) {
            if (keyBytes.length > MAX_KEY_LENGTH) {
                throw new TrackerRequestException("key", "longer than " + MAX_KEY_LENGTH + " bytes");
            }
            key = OptionalInt.of(java.util.Arrays.hashCode(keyBytes));
        }
        Optional<PeerAddress> claimed = literalAddress(p.get("ip")).map(a -> PeerAddress.of(a, (int) port));
        return new AnnounceRequest(infoHash, peerId, (int) port, uploaded, downloaded, left, event, numWant, compact,
                noPeerId, key, claimed);
    }

    /** All {@code info_hash} values of a scrape, in request order (BEP 48 allows several). */
    public static List<InfoHash> parseScrape(String rawQuery) {
        List<InfoHash> out = new ArrayList<>();
        for (Parameter param : split(rawQuery)) {
            if (param.name().equals("info_hash")) {
                if (param.value().length != InfoHash.LENGTH) {
                    throw new TrackerRequestException("info_hash",
                            "must be 20 bytes, got " + param.value().length + " (at query offset " + param.offset() + ")");
                }
                out.add(InfoHash.of(param.value()));
            }
        }
        return out;
    }

    /** One {@code name=value} pair; {@code offset} is where it starts in the query. */
    record Parameter(String name, byte[] value, int offset) {
    }

    static List<Parameter> split(String rawQuery) {
        List<Parameter> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        if (rawQuery.length() > MAX_QUERY_LENGTH) {
            throw new TrackerRequestException("query", "longer than " + MAX_QUERY_LENGTH + " characters");
        }
        int start = 0;
        while (start <= rawQuery.length()) {
            int end = rawQuery.indexOf('&', start);
            if (end < 0) {
                end = rawQuery.length();
            }
            if (end > start) {
                if (out.size() == MAX_PARAMETERS) {
                    throw new TrackerRequestException("query", "more than " + MAX_PARAMETERS + " parameters");
                }
                int eq = rawQuery.indexOf('=', start);
                if (eq < 0 || eq > end) {
                    eq = end;
                }
                String name = new String(decode(rawQuery, start, eq), java.nio.charset.StandardCharsets.ISO_8859_1);
                byte[] value = eq < end ? decode(rawQuery, eq + 1, end) : new byte[0];
                out.add(new Parameter(name, value, start));
            }
            start = end + 1;
        }
        return out;
    }

    /** Percent-decoding of {@code s[from, to)}; {@code +} is a space as in form encoding. */
    static byte[] decode(String s, int from, int to) {
        // A plain array, not a ByteArrayOutputStream: its synchronized write(int) costs a lock per
        // byte, and this runs for every byte of every announce query.
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to) {
                    throw new TrackerRequestException("query", "truncated %-escape at offset " + i);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new TrackerRequestException("query", "invalid %-escape at offset " + i);
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out[n++] = ' ';
            } else if (c > 0x7E || c < 0x21) {
                throw new TrackerRequestException("query", "unescaped character 0x" + Integer.toHexString(c) + " at offset " + i);
            } else {
                out[n++] = (byte) c;
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static Map<String, byte[]> single(List<Parameter> params) {
        Map<String, byte[]> out = new HashMap<>();
        for (Parameter param : params) {
            if (out.putIfAbsent(param.name(), param.value()) != null) {
                throw new TrackerRequestException(printable(param.name()), "given more than once");
            }
        }
        return out;
    }

    private static byte[] exactly(Map<String, byte[]> p, String name, int length) {
        byte[] v = p.get(name);
        if (v == null) {
            throw new TrackerRequestException(name, "missing");
        }
        if (v.length != length) {
            throw new TrackerRequestException(name, "must be " + length + " bytes, got " + v.length);
        }
        return v;
    }

    /** A non-negative decimal; {@code absent} when missing. Values above {@code max} are refused. */
    private static long number(Map<String, byte[]> p, String name, long absent, long max) {
        byte[] v = p.get(name);
        if (v == null) {
            return absent;
        }
        if (v.length == 0 || v.length > 19) {
            throw new TrackerRequestException(name, "must be a decimal number of 1 to 19 digits");
        }
        long n = 0;
        for (byte b : v) {
            if (b < '0' || b > '9') {
                throw new TrackerRequestException(name, "must be a non-negative decimal number, got '" + printable(v) + "'");
            }
            n = n * 10 + (b - '0');
        }
        if (n > max) {
            throw new TrackerRequestException(name, "must be at most " + max + ", got " + n);
        }
        return n;
    }

    private static boolean flag(Map<String, byte[]> p, String name, boolean absent) {
        byte[] v = p.get(name);
        if (v == null) {
            return absent;
        }
        if (v.length == 1 && (v[0] == '0' || v[0] == '1')) {
            return v[0] == '1';
        }
        throw new TrackerRequestException(name, "must be 0 or 1, got '" + printable(v) + "'");
    }

    private static AnnounceEvent event(byte[] v) {
        String e = v == null ? "" : printable(v);
        return switch (e) {
            // BEP 21's "paused" (a partial seed going quiet) is a regular announce for this tracker.
            case "", "empty", "paused" -> AnnounceEvent.NONE;
            case "started" -> AnnounceEvent.STARTED;
            case "completed" -> AnnounceEvent.COMPLETED;
            case "stopped" -> AnnounceEvent.STOPPED;
            default -> throw new TrackerRequestException("event",
                    "must be started, completed, stopped or empty, got '" + e + "'");
        };
    }

    /**
     * The {@code ip} parameter when it is a literal IPv4 or IPv6 address; a DNS name (BEP 3
     * allows one) is ignored, because resolving names for strangers would be a lookup amplifier.
     */
    private static Optional<InetAddress> literalAddress(byte[] v) {
        if (v == null || v.length == 0 || v.length > 45) {
            return Optional.empty();
        }
        String s = new String(v, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            byte[] a = new byte[4];
            String[] parts = s.split("\\.");
            for (int i = 0; i < 4; i++) {
                int octet = Integer.parseInt(parts[i]);
                if (octet > 255) {
                    return Optional.empty();
                }
                a[i] = (byte) octet;
            }
            return Optional.of(byAddress(a));
        }
        if (s.indexOf(':') >= 0 && s.matches("[0-9A-Fa-f:.]+")) {
            try {
                // With a ':' the JDK parses an IPv6 literal and never asks DNS.
                InetAddress a = InetAddress.getByName(s);
                return a instanceof Inet6Address || a.getAddress().length == 4 ? Optional.of(a) : Optional.empty();
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static InetAddress byAddress(byte[] a) {
        try {
            return InetAddress.getByAddress(a);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 bytes are always an address", e);
        }
    }

    private static String printable(byte[] v) {
        return printable(new String(v, 0, Math.min(v.length, 40), java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(s.length(), 40); i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return b.toString();
    }
}
