package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChokerTest {
    private static final long S = 1_000_000_000L;
    /** Start well after zero so "connected long ago" is representable. */
    private final VirtualClock clock = new VirtualClock();

    {
        clock.advance(Duration.ofMinutes(10));
    }

    private Choker<String> choker(long seed) {
        return new Choker<>(Choker.Settings.DEFAULTS, clock, new SplittableRandom(seed));
    }

    /** An interested peer we are interested in, connected 10 minutes ago, that just sent us a block. */
    private Choker.PeerView<String> peer(String id, double downloadRate) {
        return new Choker.PeerView<>(id, true, true, downloadRate, 0, 0, clock.nanoTime());
    }

    private List<Choker.PeerView<String>> peers(double... downloadRates) {
        List<Choker.PeerView<String>> out = new ArrayList<>();
        for (int i = 0; i < downloadRates.length; i++) {
            out.add(peer("p" + i, downloadRates[i]));
        }
        return out;
    }

    @Test
    void fourFastestInterestedPeersAreUnchoked() {
        Choker.Decision<String> d = choker(1).decide(peers(100, 800, 300, 700, 200, 600, 500, 400), Choker.Mode.LEECHING);
        assertThat(d.regular()).containsExactlyInAnyOrder("p1", "p3", "p5", "p6");
        assertThat(d.optimistic()).hasValueSatisfying(o -> assertThat(o).isIn("p0", "p2", "p4", "p7"));
        assertThat(d.unchoked()).hasSize(5);
        assertThat(d.nextWakeNanos()).isEqualTo(clock.nanoTime() + 10 * S);
    }

    @Test
    void uninterestedPeersAreNeverUnchokedRegularly() {
        Choker<String> c = choker(2);
        for (int round = 0; round < 12; round++) {
            List<Choker.PeerView<String>> ps = new ArrayList<>(peers(10, 20));
            ps.add(new Choker.PeerView<>("fast-but-uninterested", false, true, 1e9, 0, 0, clock.nanoTime()));
            Choker.Decision<String> d = c.decide(ps, Choker.Mode.LEECHING);
            assertThat(d.unchoked()).doesNotContain("fast-but-uninterested");
            assertThat(d.regular()).containsExactlyInAnyOrder("p0", "p1");
            clock.advance(Duration.ofSeconds(10));
        }
    }

    @Test
    void decisionsChangeOnlyEveryTenSeconds() {
        Choker<String> c = choker(3);
        Choker.Decision<String> first = c.decide(peers(500, 400, 300, 200, 100, 0), Choker.Mode.LEECHING);
        assertThat(first.regular()).containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
        // Every peer still sends us something: only a slot holder that sends nothing is displaced between rounds.
        List<Choker.PeerView<String>> reversed = peers(50, 100, 200, 300, 400, 500);
        clock.advance(Duration.ofSeconds(9));
        assertThat(c.decide(reversed, Choker.Mode.LEECHING)).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        Choker.Decision<String> second = c.decide(reversed, Choker.Mode.LEECHING);
        assertThat(second.regular()).containsExactlyInAnyOrder("p2", "p3", "p4", "p5");
        assertThat(second.nextWakeNanos()).isEqualTo(clock.nanoTime() + 10 * S);
    }

    @Test
    void optimisticUnchokeRotatesEveryThirtySeconds() {
        Choker<String> c = choker(4);
        String optimistic = c.decide(peers(900, 800, 700, 600, 1, 1, 1, 1, 1, 1), Choker.Mode.LEECHING).optimistic().orElseThrow();
        Set<String> seen = new HashSet<>();
        seen.add(optimistic);
        for (int rotation = 0; rotation < 6; rotation++) {
            for (int t = 10; t < 30; t += 10) {
                clock.advance(Duration.ofSeconds(10));
                assertThat(c.decide(peers(900, 800, 700, 600, 1, 1, 1, 1, 1, 1), Choker.Mode.LEECHING).optimistic()).as("at +%d s", t).hasValue(optimistic);
            }
            clock.advance(Duration.ofSeconds(10));
            String next = c.decide(peers(900, 800, 700, 600, 1, 1, 1, 1, 1, 1), Choker.Mode.LEECHING).optimistic().orElseThrow();
            assertThat(next).isNotEqualTo(optimistic).isIn("p4", "p5", "p6", "p7", "p8", "p9");
            optimistic = next;
            seen.add(next);
        }
        assertThat(seen).hasSizeGreaterThan(3);
    }

    @Test
    void newPeersAreFavouredForOptimisticUnchoke() {
        Map<String, Integer> picks = new HashMap<>();
        int trials = 1200;
        for (long seed = 0; seed < trials; seed++) {
            List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800, 700, 600, 0, 0, 0));
            long now = clock.nanoTime();
            ps.add(new Choker.PeerView<>("new", true, true, 0, 0, now - 5 * S, now - 5 * S));
            picks.merge(choker(seed).decide(ps, Choker.Mode.LEECHING).optimistic().orElseThrow(), 1, Integer::sum);
        }
        // Weights: new 3, three old peers 1 each: expected share of the new peer 3/6 = 600 of 1200, each old one 200.
        assertThat(picks.get("new")).isBetween(540, 660);
        for (String old : List.of("p4", "p5", "p6")) {
            assertThat(picks.get(old)).isBetween(160, 240);
        }
    }

    @Test
    void snubbedPeerLosesItsRegularSlot() {
        Choker<String> c = choker(5);
        long now = clock.nanoTime();
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(100, 200, 300, 400));
        // Fastest by its 20 s average, but no block for 61 s while we were interested.
        ps.add(new Choker.PeerView<>("snubber", true, true, 5000, 0, 0, now - 61 * S));
        Choker.Decision<String> d = c.decide(ps, Choker.Mode.LEECHING);
        assertThat(d.regular()).containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
        assertThat(d.optimistic()).as("still optimistic-eligible").hasValue("snubber");

        List<Choker.PeerView<String>> notSnubbed = new ArrayList<>(peers(100, 200, 300, 400));
        notSnubbed.add(new Choker.PeerView<>("snubber", true, true, 5000, 0, 0, now - 59 * S));
        assertThat(choker(5).decide(notSnubbed, Choker.Mode.LEECHING).regular()).contains("snubber");
    }

    @Test
    void seedingRotatesThroughAllInterestedPeers() {
        Choker<String> c = choker(6);
        List<Choker.PeerView<String>> ps = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ps.add(new Choker.PeerView<>("p" + i, true, false, 0, 1000.0 * (i + 1), 0, 0));
        }
        Set<String> served = new HashSet<>();
        for (int round = 0; round < 12; round++) {
            Choker.Decision<String> d = c.decide(ps, Choker.Mode.SEEDING);
            assertThat(d.regular()).hasSize(4);
            served.addAll(d.regular());
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(served).hasSize(12);
    }

    @Test
    void seedingKeepsTheFastestUploadsUntilTheirSlotTimeEnds() {
        Choker<String> c = choker(7);
        List<Choker.PeerView<String>> ps = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ps.add(new Choker.PeerView<>("p" + i, true, false, 0, 1000.0 * (i + 1), 0, 0));
        }
        Set<String> first = c.decide(ps, Choker.Mode.SEEDING).regular();
        assertThat(first).containsExactlyInAnyOrder("p4", "p5", "p6", "p7");
        clock.advance(Duration.ofSeconds(9));
        assertThat(c.decide(ps, Choker.Mode.SEEDING).regular()).isEqualTo(first);
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.decide(ps, Choker.Mode.SEEDING).regular()).containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
    }

    @Test
    void departedPeersDropOutOfTheDecisionAtOnce() {
        Choker<String> c = choker(8);
        List<Choker.PeerView<String>> ps = peers(500, 400, 300, 200, 100);
        assertThat(c.decide(ps, Choker.Mode.LEECHING).regular()).contains("p0");
        clock.advance(Duration.ofSeconds(1));
        Choker.Decision<String> d = c.decide(ps.subList(1, 5), Choker.Mode.LEECHING);
        assertThat(d.unchoked()).doesNotContain("p0");
    }

    @Test
    void slotCountAndPeriodsAreSettings() {
        Choker.Settings two = Choker.Settings.DEFAULTS.withRegularSlots(2);
        Choker<String> c = new Choker<>(two, clock, new SplittableRandom(9));
        assertThat(c.decide(peers(1, 2, 3, 4), Choker.Mode.LEECHING).regular()).containsExactlyInAnyOrder("p2", "p3");
    }

    private Choker.PeerView<String> uninterested(String id, double downloadRate) {
        return new Choker.PeerView<>(id, false, true, downloadRate, 0, 0, clock.nanoTime());
    }

    @Test
    void slotFreedBetweenRoundsGoesAtOnceToTheFastestChokedUploaderNotToAFreeRider() {
        Choker<String> c = choker(10);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(400, 300, 200, 100, 50));
        ps.add(peer("free-rider", 0));
        c.decide(ps, Choker.Mode.LEECHING);
        clock.advance(Duration.ofSeconds(2));
        List<Choker.PeerView<String>> later = new ArrayList<>(ps);
        later.set(0, uninterested("p0", 400));
        Choker.Decision<String> d = c.decide(later, Choker.Mode.LEECHING);
        assertThat(d.regular()).as("p0 lost interest; p4 uploads to us, the free-rider does not")
                .containsExactlyInAnyOrder("p1", "p2", "p3", "p4");
        assertThat(d.unchoked()).doesNotContain("p0");
    }

    @Test
    void unusedUploadCapacityOpensOneMoreSlotPerSecondBestUploadersFirst() {
        Choker<String> c = choker(11);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800, 700, 600, 500, 400, 300));
        ps.add(peer("free-rider", 0));
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 0.5).regular()).containsExactlyInAnyOrder("p0", "p1", "p2", "p3");
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 0.5).regular()).hasSize(5).contains("p4");
        clock.advance(Duration.ofMillis(500));
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 0.5).regular()).as("at most one per second").hasSize(5);
        clock.advance(Duration.ofMillis(500));
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 0.5).regular()).hasSize(6);
        clock.advance(Duration.ofSeconds(1));
        Choker.Decision<String> d = c.decide(ps, Choker.Mode.LEECHING, 0.5);
        assertThat(d.regular()).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5", "p6");
        assertThat(d.optimistic()).as("the only choked candidate left").hasValue("free-rider");
        // Upload limit reached: one extra slot closes per second, the slowest uploader losing it.
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 1.0).regular()).containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4", "p5");
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 0.9).regular()).as("between the thresholds nothing changes").hasSize(6);
        assertThat(c.regularSlots()).isEqualTo(6);
    }

    @Test
    void extraSlotsForUnusedUploadNeverGoToFreeRiders() {
        Choker<String> c = choker(13);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800, 700, 600, 500));
        ps.add(peer("free-rider-1", 0));
        ps.add(peer("free-rider-2", 0));
        ps.add(peer("free-rider-3", 0));
        for (int second = 0; second < 8; second++) {
            Choker.Decision<String> d = c.decide(ps, Choker.Mode.LEECHING, 0.1);
            assertThat(d.regular()).as("second %d", second).allMatch(p -> p.startsWith("p"));
            clock.advance(Duration.ofSeconds(1));
        }
        Choker.Decision<String> d = c.decide(ps, Choker.Mode.LEECHING, 0.1);
        assertThat(d.regular()).as("every uploader, no free-rider, however idle our upload")
                .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "p4");
        assertThat(d.optimistic()).as("a free-rider's way in: the optimistic unchoke").get().asString().startsWith("free-rider");
    }

    @Test
    void peersConnectedForLessThanARoundMayTakeExtraSlotsBeforeTheyCouldUpload() {
        Choker<String> c = choker(15);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800, 700, 600));
        ps.add(new Choker.PeerView<>("newcomer", true, true, 0, 0, clock.nanoTime(), clock.nanoTime()));
        ps.add(new Choker.PeerView<>("newcomer-2", true, true, 0, 0, clock.nanoTime(), clock.nanoTime()));
        c.decide(ps, Choker.Mode.LEECHING, 0.1);
        clock.advance(Duration.ofSeconds(1));
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 0.1).regular()).as("an idle upload serves a newcomer").hasSize(5);
    }

    @Test
    void peersWithNothingWeWantThatSentUsBlocksBeforeMayTakeExtraSlots() {
        Choker<String> c = choker(16);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800, 700, 600));
        ps.add(new Choker.PeerView<>("has-nothing-for-us", true, false, 0, 0, 0, 5 * S)); // sent us a block once
        ps.add(new Choker.PeerView<>("never-sent-us-anything", true, false, 0, 0, 0, 0));
        ps.add(peer("free-rider", 0));
        c.decide(ps, Choker.Mode.LEECHING, 0.1);
        for (int second = 0; second < 3; second++) {
            clock.advance(Duration.ofSeconds(1));
            c.decide(ps, Choker.Mode.LEECHING, 0.1);
        }
        assertThat(c.decide(ps, Choker.Mode.LEECHING, 0.1).regular())
                .containsExactlyInAnyOrder("p0", "p1", "p2", "p3", "has-nothing-for-us");
    }

    @Test
    void betweenRoundsAPeerThatUploadsToUsTakesTheSlotOfOneThatSendsNothing() {
        Choker<String> c = choker(17);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800, 700));
        ps.add(new Choker.PeerView<>("free-rider", true, false, 0, 0, 0, 0));
        ps.add(new Choker.PeerView<>("contributor", false, true, 300, 0, 0, clock.nanoTime()));
        Choker.Decision<String> round = c.decide(ps, Choker.Mode.LEECHING);
        assertThat(round.regular()).as("no uploader wanted the fourth slot at the round")
                .containsExactlyInAnyOrder("p0", "p1", "p2", "free-rider");

        clock.advance(Duration.ofSeconds(2));
        ps.set(4, new Choker.PeerView<>("contributor", true, true, 300, 0, 0, clock.nanoTime()));
        Choker.Decision<String> d = c.decide(ps, Choker.Mode.LEECHING);
        assertThat(d.regular()).as("the unearned slot goes at once, not at the next round")
                .containsExactlyInAnyOrder("p0", "p1", "p2", "contributor");
        assertThat(d.nextWakeNanos()).isEqualTo(round.nextWakeNanos());
    }

    @Test
    void amongPeersThatSendNothingNowOneThatSentBeforeComesFirst() {
        Choker<String> c = choker(18);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800, 700));
        // Neither is snubbed: we want nothing from them.
        ps.add(new Choker.PeerView<>("free-rider", true, false, 0, 0, 0, 0));
        ps.add(new Choker.PeerView<>("sent-before", true, false, 0, 0, 0, 5 * S));
        assertThat(c.decide(ps, Choker.Mode.LEECHING).regular()).containsExactlyInAnyOrder("p0", "p1", "p2", "sent-before");
    }

    @Test
    void configuredSlotsStillGoToFreeRidersWhenTooFewPeersUpload() {
        Choker<String> c = choker(14);
        List<Choker.PeerView<String>> ps = new ArrayList<>(peers(900, 800));
        ps.add(peer("free-rider-1", 0));
        ps.add(peer("free-rider-2", 0));
        ps.add(peer("free-rider-3", 0));
        Choker.Decision<String> d = c.decide(ps, Choker.Mode.LEECHING, 0.1);
        assertThat(d.regular()).as("Cohen's 4 slots are never left empty").hasSize(4).contains("p0", "p1");
    }

    @Test
    void slotsStayFixedWhenUploadIsNotLimited() {
        Choker<String> c = choker(12);
        for (int t = 0; t < 25; t++) {
            assertThat(c.decide(peers(9, 8, 7, 6, 5, 4, 3, 2, 1), Choker.Mode.LEECHING, Double.NaN).regular()).hasSize(4);
            clock.advance(Duration.ofSeconds(1));
        }
    }
}
