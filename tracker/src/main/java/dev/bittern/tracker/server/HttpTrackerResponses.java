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
