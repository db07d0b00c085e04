package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrackerTiersTest {
    private static final List<List<String>> TIERS = List.of(
            List.of("http://a1/announce", "http://a2/announce", "http://a3/announce"),
            List.of(),
            List.of("udp://b1:1", "udp://b2:2"));

    @Test
    void eachTierIsShuffledWithinItselfAndTiersKeepTheirOrder() {
        Set<List<String>> firstTierOrders = new HashSet<>();
        for (int seed = 0; seed < 50; seed++) {
            TrackerTiers t = new TrackerTiers(TIERS, new SplittableRandom(seed));
            List<String> order = t.announceOrder();
            assertThat(order.subList(0, 3)).containsExactlyInAnyOrderElementsOf(TIERS.get(0));
            assertThat(order.subList(3, 5)).containsExactlyInAnyOrderElementsOf(TIERS.get(2));
            firstTierOrders.add(order.subList(0, 3));
        }
        assertThat(firstTierOrders).as("different seeds give different shuffles").hasSizeGreaterThan(1);
    }

    @Test
    void shuffleHappensOnceSoTheOrderIsStableBetweenAnnounces() {
        TrackerTiers t = new TrackerTiers(TIERS, new SplittableRandom(3));
        assertThat(t.announceOrder()).isEqualTo(t.announceOrder());
    }

    @Test
    void aTrackerThatAnsweredMovesToTheFrontOfItsOwnTierOnly() {
        TrackerTiers t = new TrackerTiers(TIERS, new SplittableRandom(7));
        List<String> before = t.tiers().get(0);
        String last = before.get(2);
        t.onSuccess(last);
        assertThat(t.tiers().get(0)).containsExactly(last, before.get(0), before.get(1));
        String b = t.tiers().get(1).get(1);
        t.onSuccess(b);
        assertThat(t.tiers().get(1).getFirst()).isEqualTo(b);
        assertThat(t.tiers().get(0).getFirst()).as("tier 0 unchanged").isEqualTo(last);
    }

    @Test
    void emptyTiersAreDropped() {
        TrackerTiers t = new TrackerTiers(List.of(List.of(), List.of()), new SplittableRandom(1));
        assertThat(t.isEmpty()).isTrue();
        assertThat(t.announceOrder()).isEmpty();
    }
}
