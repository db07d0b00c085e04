package dev.bittern.tracker.client;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BInteger;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.bencode.BencodeException;
import dev.bittern.bencode.BencodeLimits;
import dev.bittern.metainfo.InfoHash;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Parses bencoded HTTP tracker bodies (BEP 3 announce, BEP 48 scrape) into values. Pure: no
 * DNS lookups (a peer given by name stays unresolved), cost linear in the body, which is
 * bounded by {@link #MAX_BODY_BYTES}.
 */
public final class HttpTrackerResponses {
    /** Far above any real answer (200 compact peers are 1.2 KB) and small enough to hold in memory. */
    public static final int MAX_BODY_BYTES = 1 << 20;
    /** A response nests at most dict → list → dict; a little slack for unknown extension keys. */
    static final BencodeLimits LIMITS = new BencodeLimits(8, MAX_BODY_BYTES);
    /** Intervals beyond a day are not meaningful for a running client; clamped rather than trusted. */
    static final long MAX_INTERVAL_SECONDS = 24 * 3600;

    private HttpTrackerResponses() {
    }

    /**
     * Parses an announce response.
     *
     * @throws TrackerFailureException  when the tracker sent {@code failure reason}
     * @throws TrackerProtocolException when the body is not a valid announce response
     */
    public static AnnounceResponse parseAnnounce(byte[] body) throws TrackerException {
        BDictionary d = topLevel(body);
        failIfRefused(d);
        long interval = requireNonNegative(d, "interval");
        OptionalLong minInterval = optionalNonNegative(d, "min interval");
        Optional<BString> trackerId = optionalOf(d, "tracker id", BString.class);
        OptionalLong complete = optionalNonNegative(d, "complete");
        OptionalLong incomplete = optionalNonNegative(d, "incomplete");
        Optional<String> warning = optionalOf(d, "warning message", BString.class).map(BString::utf8);

        List<TrackerPeer> peers = new ArrayList<>();
        BValue v4 = d.get("peers");
        switch (v4) {
            case null -> { }
            case BString compact -> CompactPeers.decode(compact.bytes(), false, "peers").forEach(a -> peers.add(TrackerPeer.of(a)));
            case BList list -> peers.addAll(dictionaryPeers(list));
            default -> throw new TrackerProtocolException("peers", -1, "expected a string or a list, found " + v4.typeName());
        }
        // BEP 7: IPv6 peers come separately, always compact.
        Optional<BString> v6 = optionalOf(d, "peers6", BString.class);
        if (v6.isPresent()) {
            CompactPeers.decode(v6.get().bytes(), true, "peers6").forEach(a -> peers.add(TrackerPeer.of(a)));
        }
        return new AnnounceResponse(
                Duration.ofSeconds(Math.min(interval, MAX_INTERVAL_SECONDS)),
                minInterval.isPresent() ? Optional.of(Duration.ofSeconds(Math.min(minInterval.getAsLong(), MAX_INTERVAL_SECONDS))) : Optional.empty(),
                trackerId, complete, incomplete, peers, warning);
    }

    /**
     * Parses a scrape response (BEP 48): one entry per 20-byte key of {@code files}, in the
     * tracker's (sorted) order.
     */
    public static Map<InfoHash, ScrapeResponse> parseScrape(byte[] body) throws TrackerException {
        BDictionary d = topLevel(body);
        failIfRefused(d);
        BDictionary files = optionalOf(d, "files", BDictionary.class)
                .orElseThrow(() -> new TrackerProtocolException("files", -1, "missing"));
        Map<InfoHash, ScrapeResponse> out = new LinkedHashMap<>();
        for (Map.Entry<BString, BValue> e : files.entries().entrySet()) {
            if (e.getKey().length() != InfoHash.LENGTH) {
                throw new TrackerProtocolException("files", -1, "key of " + e.getKey().length() + " bytes is not an info-hash");
            }
            if (!(e.getValue() instanceof BDictionary stats)) {
                throw new TrackerProtocolException("files", -1, "entry is a " + e.getValue().typeName() + ", not a dictionary");
            }
            InfoHash h = InfoHash.of(e.getKey().bytes());
            out.put(h, new ScrapeResponse(h,
                    optionalNonNegative(stats, "complete").orElse(0),
                    optionalNonNegative(stats, "downloaded").orElse(0),
                    optionalNonNegative(stats, "incomplete").orElse(0)));
        }
        return out;
    }

    private static BDictionary topLevel(byte[] body) throws TrackerProtocolException {
        if (body.length > MAX_BODY_BYTES) {
            throw new TrackerProtocolException("body", MAX_BODY_BYTES, "larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            // Any key order: some trackers send unsorted keys; the body is never hashed or re-encoded.
            return Bencode.decodeDictionaryAnyKeyOrder(body, LIMITS);
        } catch (BencodeException e) {
            throw new TrackerProtocolException("body", e.offset(), e.getMessage(), e);
        }
    }

    private static void failIfRefused(BDictionary d) throws TrackerException {
        Optional<BString> reason = optionalOf(d, "failure reason", BString.class);
        if (reason.isPresent()) {
            throw new TrackerFailureException(reason.get().utf8());
        }
    }

    private static List<TrackerPeer> dictionaryPeers(BList list) throws TrackerProtocolException {
        List<TrackerPeer> peers = new ArrayList<>(list.values().size());
        int i = 0;
        for (BValue v : list.values()) {
            String field = "peers[" + i + "]";
            if (!(v instanceof BDictionary p)) {
                throw new TrackerProtocolException(field, -1, "expected a dictionary, found " + v.typeName());
            }
            BString ip = optionalOf(p, "ip", BString.class, field + ".ip")
                    .orElseThrow(() -> new TrackerProtocolException(field + ".ip", -1, "missing"));
            long port = optionalOf(p, "port", BInteger.class, field + ".port")
                    .orElseThrow(() -> new TrackerProtocolException(field + ".port", -1, "missing")).value();
            if (port < 0 || port > 0xffff) {
                throw new TrackerProtocolException(field + ".port", -1, "out of range: " + port);
            }
            // The peer id is advisory (the handshake checks it), so a malformed one is dropped, not fatal.
            byte[] id = optionalOf(p, "peer id", BString.class, field + ".peer id")
                    .filter(s -> s.length() == AnnounceRequest.PEER_ID_LENGTH).map(BString::bytes).orElse(null);
            peers.add(new TrackerPeer(address(ip, (int) port, field + ".ip"), id));
            i++;
        }
        return peers;
    }

    /**
     * BEP 3: "ip" is an IPv6 address (hexed), an IPv4 dotted quad or a DNS name. Literals are
     * parsed here; a name is returned unresolved, so parsing never does a lookup.
     */
    static InetSocketAddress address(BString ip, int port, String field) throws TrackerProtocolException {
        String s = new String(ip.bytes(), StandardCharsets.ISO_8859_1);
        byte[] v4 = dottedQuad(s);
        if (v4 != null) {
            return new InetSocketAddress(CompactPeers.literal(v4), port);
        }
        if (s.indexOf(':') >= 0) {
            if (s.length() > 45 || !s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                throw new TrackerProtocolException(field, -1, "not an IPv6 address: " + s);
            }
            try {
                // Only hex digits, ':' and '.' reach here: the JDK parses the literal, no DNS.
                return new InetSocketAddress(InetAddress.getByName(s), port);
            } catch (UnknownHostException e) {
                throw new TrackerProtocolException(field, -1, "not an IPv6 address: " + s, e);
            }
        }
        if (s.isEmpty() || s.length() > 253 || !s.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.')) {
            throw new TrackerProtocolException(field, -1, "neither an IP address nor a host name: " + ip);
        }
        return InetSocketAddress.createUnresolved(s, port);
    }

    /** Four decimal octets 0-255 separated by dots, or null when s is not exactly that. */
    private static byte[] dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static long requireNonNegative(BDictionary d, String key) throws TrackerProtocolException {
        OptionalLong v = optionalNonNegative(d, key);
        if (v.isEmpty()) {
            throw new TrackerProtocolException(key, -1, "missing");
        }
        return v.getAsLong();
    }

    private static OptionalLong optionalNonNegative(BDictionary d, String key) throws TrackerProtocolException {
        Optional<BInteger> v = optionalOf(d, key, BInteger.class);
        if (v.isEmpty()) {
            return OptionalLong.empty();
        }
        if (v.get().value() < 0) {
            throw new TrackerProtocolException(key, -1, "negative: " + v.get().value());
        }
        return OptionalLong.of(v.get().value());
    }

    private static <T extends BValue> Optional<T> optionalOf(BDictionary d, String key, Class<T> type) throws TrackerProtocolException {
        return optionalOf(d, key, type, key);
    }

    private static <T extends BValue> Optional<T> optionalOf(BDictionary d, String key, Class<T> type, String field)
            throws TrackerProtocolException {
        BValue v = d.get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!type.isInstance(v)) {
            throw new TrackerProtocolException(field, -1, "unexpected " + v.typeName());
        }
        return Optional.of(type.cast(v));
    }
}
