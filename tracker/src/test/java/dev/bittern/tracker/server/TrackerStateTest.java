package dev.bittern.tracker.server;

import dev.bittern.time.VirtualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SplittableRandom;

import static dev.bittern.tracker.server.AnnounceEvent.COMPLETED;
import static dev.bittern.tracker.server.AnnounceEvent.NONE;
import static dev.bittern.tracker.server.AnnounceEvent.STARTED;
import static dev.bittern.tracker.server.AnnounceEvent.STOPPED;
import static dev.bittern.tracker.server.Peers.TORRENT;
import static dev.bittern.tracker.server.Peers.announce;
import static dev.bittern.tracker.server.Peers.v4;
import static dev.bittern.tracker.server.Peers.v6;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackerStateTest {
    private final VirtualClock clock = new VirtualClock();
    private final TrackerLimits limits = TrackerLimits.DEFAULT.withInterval(60);
    private final TrackerState tracker = new TrackerState(clock, limits, Optional.empty(), new SplittableRandom(7));

    private AnnounceResult leecher(int n) {
        return tracker.announce(announce(TORRENT, n, 100, STARTED), v4(n, 6881), true);
    }

    private AnnounceResult seed(int n) {
        return tracker.announce(announce(TORRENT, n, 0, STARTED), v4(n, 6881), true);
    }

    private static Set<PeerAddress> addresses(PeerList list) {
        Set<PeerAddress> out = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            out.add(list.address(i));
        }
        assertThat(out).as("no duplicates in a peer list").hasSize(list.size());
        return out;
    }

    @Test
    void firstAnnouncerGetsNoPeersAndSecondGetsTheFirst() {
        assertThat(leecher(1).peers4().size()).isZero();
        AnnounceResult second = leecher(2);
        assertThat(addresses(second.peers4())).containsExactly(v4(1, 6881));
        // Peer ids are carried only for the dictionary form (compact=0).
        AnnounceRequest dictionary = new AnnounceRequest(TORRENT, Peers.peerId(3), 6881, 0, 0, 100, STARTED,
                OptionalInt.empty(), false, false, OptionalInt.empty(), Optional.empty());
        AnnounceResult third = tracker.announce(dictionary, v4(3, 6881), true);
        assertThat(third.peers4().size()).isEqualTo(2);
        assertThat(java.util.List.of(third.peers4().peerId(0)[19], third.peers4().peerId(1)[19]))
                .containsExactlyInAnyOrder((byte) 1, (byte) 2);
    }

    @Test
    void announcerIsNeverInItsOwnPeerList() {
        for (int n = 1; n <= 30; n++) {
            leecher(n);
        }
        for (int n = 1; n <= 30; n++) {
            AnnounceResult r = tracker.announce(announce(TORRENT, n, 100, NONE, OptionalInt.of(5)), v4(n, 6881), true);
            assertThat(addresses(r.peers4())).hasSize(5).doesNotContain(v4(n, 6881));
        }
    }

    @Test
    void peerSubsetIsUniformlyRandom() {
        int others = 10;
        for (int n = 1; n <= others + 1; n++) {
            leecher(n);
        }
        Map<PeerAddress, Integer> hits = new HashMap<>();
        int rounds = 6000;
        for (int i = 0; i < rounds; i++) {
            AnnounceResult r = tracker.announce(announce(TORRENT, 1, 100, NONE, OptionalInt.of(3)), v4(1, 6881), true);
            for (PeerAddress a : addresses(r.peers4())) {
                hits.merge(a, 1, Integer::sum);
            }
        }
        assertThat(hits).hasSize(others);
        double expected = rounds * 3.0 / others;
        // 1800 expected per peer, standard deviation about 35: 10 % is far outside chance.
        assertThat(hits.values()).allSatisfy(c -> assertThat((double) c).isBetween(expected * 0.9, expected * 1.1));
    }

    @Test
    void numWantDefaultsToFiftyAndIsCapped() {
        for (int n = 1; n <= 250; n++) {
            tracker.announce(announce(TORRENT, n, 100, STARTED, OptionalInt.of(0)), v4(n, 7000), true);
        }
        assertThat(tracker.announce(announce(TORRENT, 1, 100, NONE), v4(1, 7000), true).peers4().size()).isEqualTo(50);
        assertThat(tracker.announce(announce(TORRENT, 1, 100, NONE, OptionalInt.of(100_000)), v4(1, 7000), true)
                .peers4().size()).isEqualTo(limits.maxNumWant());
        assertThat(tracker.announce(announce(TORRENT, 1, 100, NONE, OptionalInt.of(0)), v4(1, 7000), true)
                .peers4().size()).isZero();
    }

    @Test
    void seedsAreNotSentToASeed() {
        seed(1);
        seed(2);
        leecher(3);
        leecher(4);
        AnnounceResult r = seed(5);
        assertThat(addresses(r.peers4())).containsExactlyInAnyOrder(v4(3, 6881), v4(4, 6881));
        AnnounceResult l = leecher(6);
        assertThat(addresses(l.peers4())).hasSize(5);
    }

    @Test
    void countersTrackSeedersLeechersAndCompletedDownloads() {
        leecher(1);
        leecher(2);
        seed(3);
        AnnounceResult done = tracker.announce(announce(TORRENT, 1, 0, COMPLETED), v4(1, 6881), true);
        assertThat(done.complete()).isEqualTo(2);
        assertThat(done.incomplete()).isEqualTo(1);
        assertThat(done.downloaded()).isEqualTo(1);
        // A repeated "completed" from a peer that is already a seed is not a second download.
        tracker.announce(announce(TORRENT, 1, 0, COMPLETED), v4(1, 6881), true);
        assertThat(tracker.figures(TORRENT)).isEqualTo(new ScrapeEntry(TORRENT, 2, 1, 1));
    }

    @Test
    void aSeedThatStartsLeechingAgainCountsAsLeecher() {
        seed(1);
        AnnounceResult r = tracker.announce(announce(TORRENT, 1, 5, NONE), v4(1, 6881), true);
        assertThat(r.complete()).isZero();
        assertThat(r.incomplete()).isEqualTo(1);
    }

    @Test
    void stoppedRemovesThePeer() {
        leecher(1);
        leecher(2);
        AnnounceResult stop = tracker.announce(announce(TORRENT, 1, 100, STOPPED), v4(1, 6881), true);
        assertThat(stop.peers4().size()).isZero();
        assertThat(stop.incomplete()).isEqualTo(1);
        assertThat(addresses(leecher(3).peers4())).containsExactly(v4(2, 6881));
    }

    @Test
    void peersSilentForTwoIntervalsExpire() {
        leecher(1);
        clock.advance(Duration.ofSeconds(90));
        leecher(2);
        clock.advance(Duration.ofSeconds(31));
        // Peer 1 was last seen 121 s ago (> 2 x 60 s), peer 2 31 s ago.
        assertThat(tracker.expire()).isEqualTo(1);
        assertThat(tracker.figures(TORRENT).incomplete()).isEqualTo(1);
        assertThat(addresses(leecher(3).peers4())).containsExactly(v4(2, 6881));
    }

    @Test
    void reannouncingKeepsAPeerAlive() {
        leecher(1);
        for (int i = 0; i < 10; i++) {
            clock.advance(Duration.ofSeconds(60));
            tracker.announce(announce(TORRENT, 1, 100, NONE), v4(1, 6881), true);
            tracker.expire();
        }
        assertThat(tracker.figures(TORRENT).incomplete()).isEqualTo(1);
    }

    @Test
    void expirySweepIsScheduledWithinAnInterval() {
        long next = tracker.nextExpiryNanos();
        assertThat(next - clock.nanoTime()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60).toNanos());
        clock.setNanoTime(next);
        tracker.expire();
        assertThat(tracker.nextExpiryNanos()).isGreaterThan(next);
    }

    @Test
    void unknownInfoHashIsRefusedWhenAnAllowListIsSet() {
        InfoHash other = InfoHash.ofHex("ffffffffffffffffffffffffffffffffffffffff");
        TrackerState allowed = new TrackerState(clock, limits, Optional.of(Set.of(TORRENT)), new SplittableRandom(1));
        allowed.announce(announce(TORRENT, 1, 100, STARTED), v4(1, 6881), true);
        assertThatThrownBy(() -> allowed.announce(announce(other, 1, 100, STARTED), v4(1, 6881), true))
                .isInstanceOf(TrackerRequestException.class).hasMessageContaining("not tracked").hasMessageContaining(other.hex());
        assertThatThrownBy(() -> allowed.scrape(List.of(TORRENT, other))).isInstanceOf(TrackerRequestException.class);
    }

    @Test
    void scrapeReportsEveryRequestedInfoHash() {
        InfoHash untracked = InfoHash.ofHex("00000000000000000000000000000000000000aa");
        leecher(1);
        seed(2);
        assertThat(tracker.scrape(List.of(TORRENT, untracked))).containsExactly(
                new ScrapeEntry(TORRENT, 1, 1, 0), new ScrapeEntry(untracked, 0, 0, 0));
        assertThatThrownBy(() -> tracker.scrape(List.of())).isInstanceOf(TrackerRequestException.class);
        assertThatThrownBy(() -> tracker.scrape(java.util.Collections.nCopies(101, TORRENT)))
                .hasMessageContaining("at most 100");
    }

    @Test
    void torrentLimitDropsTheLeastRecentlyAnnouncedTorrent() {
        TrackerState small = new TrackerState(clock, limits.withMaxTorrents(2), Optional.empty(), new SplittableRandom(1));
        InfoHash a = InfoHash.ofHex("aa00000000000000000000000000000000000000");
        InfoHash b = InfoHash.ofHex("bb00000000000000000000000000000000000000");
        InfoHash c = InfoHash.ofHex("cc00000000000000000000000000000000000000");
        small.announce(announce(a, 1, 1, STARTED), v4(1, 1), true);
        small.announce(announce(b, 1, 1, STARTED), v4(1, 1), true);
        small.announce(announce(a, 1, 1, NONE), v4(1, 1), true);
        small.announce(announce(c, 1, 1, STARTED), v4(1, 1), true);
        assertThat(small.stats().torrents()).isEqualTo(2);
        assertThat(small.figures(a).incomplete()).isEqualTo(1);
        assertThat(small.figures(b).incomplete()).isZero();
        assertThat(small.figures(c).incomplete()).isEqualTo(1);
    }

    @Test
    void peerLimitDropsTheOldestPeersFirst() {
        TrackerState small = new TrackerState(clock, limits.withMaxPeersPerTorrent(16), Optional.empty(),
                new SplittableRandom(1));
        for (int n = 1; n <= 16; n++) {
            small.announce(announce(TORRENT, n, 1, STARTED), v4(n, 1), true);
            clock.advance(Duration.ofSeconds(1));
        }
        small.announce(announce(TORRENT, 17, 1, STARTED), v4(17, 1), true);
        assertThat(small.figures(TORRENT).incomplete()).isEqualTo(15);
        Set<PeerAddress> left = addresses(small.announce(announce(TORRENT, 99, 1, STARTED, OptionalInt.of(200)),
                v4(99, 1), true).peers4());
        // 16 / 8 = the two oldest (1 and 2) made room; 3..17 remain.
        assertThat(left).doesNotContain(v4(1, 1), v4(2, 1)).contains(v4(3, 1), v4(16, 1), v4(17, 1));
    }

    @Test
    void ipv6PeersAreReturnedAsPeers6AndCountedTogether() {
        leecher(1);
        tracker.announce(announce(TORRENT, 2, 100, STARTED), v6(2, 6881), true);
        AnnounceResult r = tracker.announce(announce(TORRENT, 3, 100, STARTED), v6(3, 6881), true);
        assertThat(addresses(r.peers6())).containsExactly(v6(2, 6881));
        assertThat(addresses(r.peers4())).containsExactly(v4(1, 6881));
        assertThat(r.incomplete()).isEqualTo(3);
        AnnounceResult udpStyle = tracker.announce(announce(TORRENT, 3, 100, NONE), v6(3, 6881), false);
        assertThat(udpStyle.peers4().size()).isZero();
    }

    @Test
    void statsSumAllSwarms() {
        leecher(1);
        seed(2);
        tracker.scrape(List.of(TORRENT));
        TrackerStats s = tracker.stats();
        assertThat(s.torrents()).isEqualTo(1);
        assertThat(s.seeders()).isEqualTo(1);
        assertThat(s.leechers()).isEqualTo(1);
        assertThat(s.announces()).isEqualTo(2);
        assertThat(s.scrapes()).isEqualTo(1);
    }
}
