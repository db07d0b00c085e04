package dev.bittern.tracker.server;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;

import java.util.ArrayList;
import java.util.List;

/** Bencoded bodies of HTTP tracker responses (BEP 3, BEP 7, BEP 23, BEP 48). */
public final class HttpTrackerResponses {
    private HttpTrackerResponses() {
    }

    /**
     * The announce answer: {@code peers} as a compact string (BEP 23) unless the client asked
     * for {@code compact=0}, in which case a list of dictionaries (BEP 3; {@code peer id}
     * left out with {@code no_peer_id=1}); IPv6 peers as compact {@code peers6} (BEP 7).
     */
    public static byte[] announce(AnnounceResult r, boolean compact, boolean noPeerId) {
        if (compact) {
            return compactAnnounce(r);
        }
        BDictionary.Builder d = BDictionary.builder()
                .put("complete", r.complete())
                .put("incomplete", r.incomplete())
                .put("downloaded", r.downloaded())
                .put("interval", r.intervalSeconds())
                .put("min interval", r.minIntervalSeconds());
        if (compact) {
            d.put("peers", r.peers4().compact());
            if (r.peers6().size() > 0) {
                d.put("peers6", r.peers6().compact());
            }
        } else {
            List<BValue> list = new ArrayList<>(r.peers4().size() + r.peers6().size());
            addDictionaries(list, r.peers4(), noPeerId);
            addDictionaries(list, r.peers6(), noPeerId);
            d.put("peers", new BList(list));
        }
        return Bencode.encode(d.build());
    }

    private static final byte[] COMPLETE = ascii("d8:completei");
    private static final byte[] DOWNLOADED = ascii("e10:downloadedi");
    private static final byte[] INCOMPLETE = ascii("e10:incompletei");
    private static final byte[] INTERVAL = ascii("e8:intervali");
    private static final byte[] MIN_INTERVAL = ascii("e12:min intervali");
    private static final byte[] PEERS = ascii("e5:peers");
    private static final byte[] PEERS6 = ascii("6:peers6");

    /**
     * The compact answer written straight into one array of the exact size: the answer to
     * nearly every announce, so it skips the generic encoder's sorted map and growing buffer.
     * Keys are literals in the sorted order BEP 3 requires (complete, downloaded, incomplete,
     * interval, min interval, peers, peers6).
     */
    private static byte[] compactAnnounce(AnnounceResult r) {
        int peers4 = r.peers4().size() * r.peers4().stride();
        int peers6 = r.peers6().size() * r.peers6().stride();
        int size = COMPLETE.length + digits(r.complete()) + DOWNLOADED.length + digits(r.downloaded())
                + INCOMPLETE.length + digits(r.incomplete()) + INTERVAL.length + digits(r.intervalSeconds())
                + MIN_INTERVAL.length + digits(r.minIntervalSeconds()) + PEERS.length + digits(peers4) + 1 + peers4
                + (peers6 > 0 ? PEERS6.length + digits(peers6) + 1 + peers6 : 0) + 1;
        byte[] out = new byte[size];
        int at = put(out, 0, COMPLETE);
        at = putLong(out, at, r.complete());
        at = put(out, at, DOWNLOADED);
        at = putLong(out, at, r.downloaded());
        at = put(out, at, INCOMPLETE);
        at = putLong(out, at, r.incomplete());
        at = put(out, at, INTERVAL);
        at = putLong(out, at, r.intervalSeconds());
        at = put(out, at, MIN_INTERVAL);
        at = putLong(out, at, r.minIntervalSeconds());
        at = put(out, at, PEERS);
        at = putLong(out, at, peers4);
        out[at++] = ':';
        at = r.peers4().copyCompactTo(out, at);
        if (peers6 > 0) {
            at = put(out, at, PEERS6);
            at = putLong(out, at, peers6);
            out[at++] = ':';
            at = r.peers6().copyCompactTo(out, at);
        }
        out[at] = 'e';
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static int put(byte[] out, int at, byte[] literal) {
        System.arraycopy(literal, 0, out, at, literal.length);
        return at + literal.length;
    }

    /** Characters of {@code v} in decimal, the sign included. */
    private static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        for (long x = Math.abs(v); x >= 10; x /= 10) {
            n++;
        }
        return n;
    }

    private static int putLong(byte[] out, int at, long v) {
        if (v < 0 && v != Long.MIN_VALUE) {
            out[at++] = '-';
            v = -v;
        } else if (v == Long.MIN_VALUE) {
            return put(out, at, ascii(Long.toString(v)));
        }
        int end = at + digits(v);
        for (int i = end - 1; i >= at; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    public static byte[] scrape(List<ScrapeEntry> entries) {
        BDictionary.Builder files = BDictionary.builder();
        for (ScrapeEntry e : entries) {
            files.put(BString.of(e.infoHash().bytes()), BDictionary.builder()
                    .put("complete", e.complete())
                    .put("downloaded", e.downloaded())
                    .put("incomplete", e.incomplete())
                    .build());
        }
        return Bencode.encode(BDictionary.builder().put("files", files.build()).build());
    }

    public static byte[] failure(String reason) {
        return Bencode.encode(BDictionary.builder().put("failure reason", reason).build());
    }

    private static void addDictionaries(List<BValue> out, PeerList peers, boolean noPeerId) {
        for (int i = 0; i < peers.size(); i++) {
            PeerAddress a = peers.address(i);
            BDictionary.Builder p = BDictionary.builder()
                    .put("ip", a.inetAddress().getHostAddress())
                    .put("port", a.port());
            if (!noPeerId) {
                p.put("peer id", peers.peerId(i));
            }
            out.add(p.build());
        }
    }
}
