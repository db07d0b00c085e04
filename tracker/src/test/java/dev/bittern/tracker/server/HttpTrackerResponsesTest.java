package dev.bittern.tracker.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.Bencode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class HttpTrackerResponsesTest {
    /**
     * The hand-written compact announce answer must be exactly the canonical bencoding (BEP 3:
     * sorted keys, no leading zeros) of the dictionary it stands for, whatever the counters and
     * peer counts, with peers6 only when there are IPv6 peers.
     */
    @Property(tries = 300)
    void compactAnnounceIsTheCanonicalEncodingOfItsDictionary(
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int complete,
            @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int incomplete,
            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long downloaded,
            @ForAll @IntRange(min = 0, max = 100_000) int interval,
            @ForAll @IntRange(min = 0, max = 100_000) int minInterval,
            @ForAll @IntRange(min = 0, max = 60) int ipv4Peers,
            @ForAll @IntRange(min = 0, max = 20) int ipv6Peers) {
        PeerList peers4 = peers(4, ipv4Peers);
        PeerList peers6 = peers(16, ipv6Peers);
        AnnounceResult r = new AnnounceResult(interval, minInterval, complete, incomplete, downloaded, peers4, peers6);

        byte[] encoded = HttpTrackerResponses.announce(r, true, false);

        BDictionary.Builder expected = BDictionary.builder()
                .put("complete", complete)
                .put("incomplete", incomplete)
                .put("downloaded", downloaded)
                .put("interval", interval)
                .put("min interval", minInterval)
                .put("peers", BString.of(peers4.compact()));
        if (ipv6Peers > 0) {
            expected.put("peers6", BString.of(peers6.compact()));
        }
        assertThat(encoded).isEqualTo(Bencode.encode(expected.build()));
    }

    private static PeerList peers(int addressLength, int count) {
        PeerList list = new PeerList(addressLength, 1, false);
        for (int i = 0; i < count; i++) {
            byte[] endpoint = new byte[addressLength + 2];
            for (int j = 0; j < endpoint.length; j++) {
                endpoint[j] = (byte) (i * 31 + j);
            }
            list.add(endpoint, 0, null, 0);
        }
        return list;
    }
}
