package dev.bittern.metainfo;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A BitTorrent magnet link (BEP 9, "magnet URI format"):
 * {@code magnet:?xt=urn:btih:<info-hash>&dn=<name>&tr=<tracker-url>&x.pe=<peer-address>}.
 *
 * <p>{@code xt} is the only mandatory parameter; {@code tr} and {@code x.pe} may repeat and keep
 * their order. The info-hash is 40 hex digits or, for links in the wild, 32 base32 characters.
 * A v2-only link ({@code urn:btmh} without {@code urn:btih}) is refused: Bittern speaks v1.
 * Unknown parameters (xl, ws, as, kt, ...) are ignored, as the URI scheme expects.
 *
 * @param infoHash    the v1 info-hash
 * @param displayName {@code dn}, shown while the metadata is not yet known
 * @param trackers    {@code tr} URLs in the order given
 * @param peers       {@code x.pe} peer addresses in the order given
 */
public record MagnetLink(InfoHash infoHash, Optional<String> displayName, List<String> trackers, List<Peer> peers) {
    /** Bounds the work on untrusted input; real links with dozens of trackers are a few KiB. */
    public static final int MAX_LENGTH = 64 * 1024;
    private static final String PREFIX = "magnet:?";
    private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    public MagnetLink {
        trackers = List.copyOf(trackers);
        peers = List.copyOf(peers);
        for (String t : trackers) {
            if (!URL.matcher(t).matches()) {
                throw new MagnetException("tr", "not a tracker URL: '" + t + "'");
            }
        }
    }

    /** A peer address from {@code x.pe}: a host name, IPv4 literal, or IPv6 literal (kept without brackets). */
    public record Peer(String host, int port) {
        public Peer {
            if (port < 1 || port > 65535) {
                throw new MagnetException("x.pe", "port " + port + " is outside 1-65535");
            }
            if (!(HOST.matcher(host).matches() || isIpv6Literal(host))) {
                throw new MagnetException("x.pe", "'" + host + "' is not a host name or IP address");
            }
        }

        /** Bracketed, InetAddress parses the literal without any name lookup. */
        private static boolean isIpv6Literal(String host) {
            if (!IPV6.matcher(host).matches()) {
                return false;
            }
            try {
                InetAddress.getByName("[" + host + "]");
                return true;
            } catch (UnknownHostException e) {
                return false;
            }
        }

        /** Parses {@code host:port}, {@code ipv4:port} or {@code [ipv6]:port}. */
        public static Peer parse(String s) {
            String host;
            String port;
            if (s.startsWith("[")) {
                int close = s.indexOf(']');
                if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                    throw new MagnetException("x.pe", "'" + s + "' is not [ipv6-address]:port");
                }
                host = s.substring(1, close);
                if (!isIpv6Literal(host)) {
                    throw new MagnetException("x.pe", "'" + host + "' in '" + s + "' is not an IPv6 address");
                }
                port = s.substring(close + 2);
            } else {
                int colon = s.lastIndexOf(':');
                if (colon <= 0 || s.indexOf(':') != colon) {
                    throw new MagnetException("x.pe", "'" + s + "' is not host:port (IPv6 needs brackets: [addr]:port)");
                }
                host = s.substring(0, colon);
                if (!HOST.matcher(host).matches()) {
                    throw new MagnetException("x.pe", "'" + host + "' in '" + s + "' is not a host name or IPv4 address");
                }
                port = s.substring(colon + 1);
            }
            if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new MagnetException("x.pe", "port '" + port + "' in '" + s + "' is not a number");
            }
            return new Peer(host, Integer.parseInt(port));
        }

        @Override
        public String toString() {
            return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
        }
    }

    /** The magnet of a parsed torrent: its info-hash, name and trackers (all tiers, in order). */
    public static MagnetLink of(Metainfo m) {
        List<String> trackers = new ArrayList<>();
        for (List<String> tier : m.trackerTiers()) {
            for (String t : tier) {
                if (URL.matcher(t).matches() && !trackers.contains(t)) {
                    trackers.add(t);
                }
            }
        }
        return new MagnetLink(m.infoHash(), Optional.of(m.info().name()), trackers, List.of());
    }

    /**
     * Parses a magnet URI.
     *
     * @throws MagnetException naming the parameter and what is wrong with it
     */
    public static MagnetLink parse(String uri) {
        if (uri.length() > MAX_LENGTH) {
            throw new MagnetException("uri", "longer than " + MAX_LENGTH + " characters");
        }
        if (!uri.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            throw new MagnetException("uri", "does not start with 'magnet:?'");
        }
        InfoHash btih = null;
        boolean sawBtmh = false;
        String otherTopic = null;
        String dn = null;
        List<String> trackers = new ArrayList<>();
        List<Peer> peers = new ArrayList<>();
        for (String param : uri.substring(PREFIX.length()).split("&")) {
            if (param.isEmpty()) {
                continue;
            }
            int eq = param.indexOf('=');
            String rawName = eq < 0 ? param : param.substring(0, eq);
            String name = baseName(rawName.toLowerCase(Locale.ROOT));
            if (!name.equals("xt") && !name.equals("dn") && !name.equals("tr") && !name.equals("x.pe")) {
                continue;
            }
            if (eq < 0) {
                throw new MagnetException(name, "has no value");
            }
            String value = decode(name, param.substring(eq + 1));
            switch (name) {
                case "xt" -> {
                    String lower = value.toLowerCase(Locale.ROOT);
                    if (lower.startsWith("urn:btih:")) {
                        InfoHash h = infoHash(value.substring("urn:btih:".length()));
                        if (btih != null && !btih.equals(h)) {
                            throw new MagnetException("xt", "two different info-hashes: " + btih.hex() + " and " + h.hex());
                        }
                        btih = h;
                    } else if (lower.startsWith("urn:btmh:")) {
                        sawBtmh = true;
                    } else if (otherTopic == null) {
                        otherTopic = value;
                    }
                }
                case "dn" -> {
                    if (dn == null) {
                        dn = value;
                    }
                }
                case "tr" -> {
                    if (!URL.matcher(value).matches()) {
                        throw new MagnetException("tr", "not a tracker URL: '" + value + "'");
                    }
                    trackers.add(value);
                }
                default -> peers.add(Peer.parse(value));
            }
        }
        if (btih == null) {
            if (sawBtmh) {
                throw new MagnetException("xt", "v2-only magnet (urn:btmh) is not supported: a v1 info-hash (urn:btih) is needed");
            }
            if (otherTopic != null) {
                throw new MagnetException("xt", "'" + otherTopic + "' is not a BitTorrent info-hash (expected urn:btih:...)");
            }
            throw new MagnetException("xt", "missing: a magnet needs xt=urn:btih:<info-hash>");
        }
        return new MagnetLink(btih, Optional.ofNullable(dn), trackers, peers);
    }

    /** Formats as a magnet URI; every value is percent-encoded except RFC 3986 unreserved characters. */
    public String toUri() {
        StringBuilder sb = new StringBuilder(PREFIX).append("xt=urn:btih:").append(infoHash.hex());
        displayName.ifPresent(dn -> sb.append("&dn=").append(encode(dn)));
        for (String t : trackers) {
            sb.append("&tr=").append(encode(t));
        }
        for (Peer p : peers) {
            sb.append("&x.pe=").append(encode(p.toString()));
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return toUri();
    }

    /** "tr.1" and "xt.2" are numbered forms of "tr" and "xt" seen in the wild. */
    private static String baseName(String name) {
        int dot = name.lastIndexOf('.');
        if (dot > 0 && dot < name.length() - 1 && name.substring(dot + 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            return name.substring(0, dot);
        }
        return name;
    }

    private static InfoHash infoHash(String s) {
        try {
            if (s.length() == 40) {
                return InfoHash.fromHex(s);
            }
            if (s.length() == 32) {
                return InfoHash.fromBase32(s);
            }
        } catch (IllegalArgumentException e) {
            throw new MagnetException("xt", e.getMessage());
        }
        throw new MagnetException("xt", "info-hash must be 40 hex or 32 base32 characters, got " + s.length() + ": '" + s + "'");
    }

    /** Percent-decoding ('+' is a space, as in form-encoded queries and as libtorrent reads it), then strict UTF-8. */
    private static String decode(String name, String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0 || s.charAt(i + 1) > 'f' || s.charAt(i + 2) > 'f') {
                    throw new MagnetException(name, "bad percent-escape at character " + i + " of '" + s + "'");
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else if (c < 0x80) {
                out.write(c);
            } else {
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < s.length() && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                } else if (Character.isSurrogate(c)) {
                    throw new MagnetException(name, "unpaired surrogate at character " + i);
                }
                byte[] b = s.substring(i, end).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
                i = end - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new MagnetException(name, "not valid UTF-8 after percent-decoding: '" + s + "'");
        }
    }

    private static String encode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        return sb.toString();
    }
}
