package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.time.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Random peer populations over time: the choker's decisions stay within its rules. */
class ChokerInvariantsTest {
    private static final long S = 1_000_000_000L;

    @Property(tries = 200)
    void decisionsRespectSlotsInterestAndTiming(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        VirtualClock clock = new VirtualClock();
        clock.advance(Duration.ofMinutes(5));
        Choker<Integer> choker = new Choker<>(Choker.Settings.DEFAULTS, clock, r.split());
        Choker.Mode mode = r.nextBoolean() ? Choker.Mode.LEECHING : Choker.Mode.SEEDING;
        Choker.Decision<Integer> previous = null;
        long nextRound = Long.MIN_VALUE;
        for (int step = 0; step < 60; step++) {
            List<Choker.PeerView<Integer>> peers = new ArrayList<>();
            int count = r.nextInt(12);
            long now = clock.nanoTime();
            for (int i = 0; i < count; i++) {
                long connected = now - r.nextLong(300) * S;
                peers.add(new Choker.PeerView<>(i, r.nextInt(4) > 0, mode == Choker.Mode.LEECHING && r.nextBoolean(),
                        r.nextInt(1_000_000), r.nextInt(1_000_000), connected, Math.max(connected, now - r.nextLong(120) * S)));
            }
            Choker.Decision<Integer> d = choker.decide(peers, mode);
            assertThat(d.regular()).hasSizeLessThanOrEqualTo(4);
            assertThat(d.nextWakeNanos()).isGreaterThan(now).isLessThanOrEqualTo(now + 10 * S);
            Set<Integer> present = peers.stream().map(Choker.PeerView::peer).collect(java.util.stream.Collectors.toSet());
            assertThat(present).containsAll(d.unchoked());
            d.optimistic().ifPresent(o -> assertThat(d.regular()).doesNotContain(o));
            // Rounds are every 10 s; the optimistic rotation may wake the loop in between.
            boolean roundNow = now >= nextRound;
            if (roundNow) {
                nextRound = now + 10 * S;
            }
            for (Choker.PeerView<Integer> v : peers) {
                boolean wasRegular = previous != null && previous.regular().contains(v.peer());
                if (d.regular().contains(v.peer())) {
                    assertThat(v.interestedInUs()).as("regular unchoke of an uninterested peer").isTrue();
                    if (roundNow || !wasRegular) {
                        assertThat(choker.isSnubbed(v, now) && mode == Choker.Mode.LEECHING).as("new regular unchoke of a snubbing peer").isFalse();
                    }
                } else if (!roundNow && wasRegular) {
                    assertThat(v.interestedInUs()).as("between rounds only a peer that lost interest loses its slot").isFalse();
                }
            }
            previous = d;
            clock.advance(Duration.ofSeconds(1 + r.nextInt(12)));
        }
    }
}
