package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.wire.Bitfield;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RarestFirstOrderTest {

    /**
     * Random sequences of additions, removals, availability changes and choices against a plain
     * model (arrays and a scan): every choice is one of the best candidates the peer has (highest
     * priority, then lowest availability unless rarity is ignored), and -1 exactly when it has none.
     */
    @Property(tries = 300)
    void everyChoiceIsABestCandidateThePeerHas(@ForAll @IntRange(min = 1, max = 80) int pieces, @ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        RarestFirstOrder order = new RarestFirstOrder(pieces, new SplittableRandom(seed + 1));
        int[] availability = new int[pieces];
        int[] priority = new int[pieces]; // 0: not a candidate
        int candidates = 0;
        for (int step = 0; step < 400; step++) {
            int piece = r.nextInt(pieces);
            switch (r.nextInt(6)) {
                case 0 -> {
                    if (priority[piece] == 0) {
                        priority[piece] = 1 + r.nextInt(r.nextBoolean() ? 1 : PiecePriorities.MAX);
                        order.add(piece, priority[piece], availability[piece]);
                        candidates++;
                    }
                }
                case 1 -> {
                    if (priority[piece] != 0) {
                        candidates--;
                    }
                    priority[piece] = 0;
                    order.remove(piece);
                }
                case 2 -> {
                    availability[piece]++;
                    order.increment(piece);
                }
                case 3 -> {
                    if (availability[piece] > 0) {
                        availability[piece]--;
                        order.decrement(piece);
                    }
                }
                default -> {
                    Bitfield peer = new Bitfield(pieces);
                    double density = r.nextDouble();
                    for (int i = 0; i < pieces; i++) {
                        if (r.nextDouble() < density) {
                            peer.set(i);
                        }
                    }
                    boolean ignoreRarity = r.nextInt(4) == 0;
                    int chosen = order.choose(peer, ignoreRarity);
                    int bestPriority = 0;
                    int bestAvailability = Integer.MAX_VALUE;
                    for (int i = 0; i < pieces; i++) {
                        if (priority[i] > 0 && peer.get(i)) {
                            int a = ignoreRarity ? 0 : availability[i];
                            if (priority[i] > bestPriority || (priority[i] == bestPriority && a < bestAvailability)) {
                                bestPriority = priority[i];
                                bestAvailability = a;
                            }
                        }
                    }
                    if (bestPriority == 0) {
                        assertThat(chosen).isEqualTo(-1);
                    } else {
                        assertThat(chosen).isNotNegative();
                        assertThat(peer.get(chosen)).isTrue();
                        assertThat(priority[chosen]).isEqualTo(bestPriority);
                        if (!ignoreRarity) {
                            assertThat(availability[chosen]).isEqualTo(bestAvailability);
                        }
                    }
                }
            }
            assertThat(order.size()).isEqualTo(candidates);
            for (int i = 0; i < pieces; i++) {
                assertThat(order.contains(i)).isEqualTo(priority[i] > 0);
            }
        }
    }

    @Test
    void rarestPieceIsChosenFromAPeerThatHasEverything() {
        RarestFirstOrder order = new RarestFirstOrder(1000, new SplittableRandom(1));
        for (int i = 0; i < 1000; i++) {
            order.add(i, PiecePriorities.NORMAL, 3);
        }
        order.decrement(617);
        assertThat(order.choose(Bitfield.full(1000), false)).isEqualTo(617);
        order.remove(617);
        order.increment(5);
        assertThat(order.choose(Bitfield.full(1000), false)).isNotEqualTo(5).isBetween(0, 999);
    }

    @Test
    void higherPriorityComesBeforeRarity() {
        RarestFirstOrder order = new RarestFirstOrder(10, new SplittableRandom(1));
        for (int i = 0; i < 10; i++) {
            order.add(i, PiecePriorities.NORMAL, 1);
        }
        order.remove(8);
        order.add(8, PiecePriorities.MAX, 9);
        assertThat(order.choose(Bitfield.full(10), false)).isEqualTo(8);
    }

    @Test
    void equallyRarePiecesAreChosenUniformlyFromADensePeer() {
        assertUniform(Bitfield.full(8));
    }

    @Test
    void equallyRarePiecesAreChosenUniformlyFromASparsePeer() {
        // 8 of 400 candidates: below 1/32, so the peer's own pieces are walked.
        Bitfield sparse = new Bitfield(400);
        for (int i = 0; i < 8; i++) {
            sparse.set(i * 50);
        }
        assertUniform(sparse);
    }

    /** 4000 choices among the peer's 8 equally rare pieces, each from a fresh order: each near 500. */
    private static void assertUniform(Bitfield peer) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (long seed = 0; seed < 4000; seed++) {
            RarestFirstOrder order = new RarestFirstOrder(peer.pieceCount(), new SplittableRandom(seed));
            for (int i = 0; i < peer.pieceCount(); i++) {
                order.add(i, PiecePriorities.NORMAL, 2);
            }
            counts.merge(order.choose(peer, false), 1, Integer::sum);
        }
        assertThat(counts).hasSize(8);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(400, 600));
    }

    @Test
    void availabilityBelowZeroAndDoubleAdditionAreRefused() {
        RarestFirstOrder order = new RarestFirstOrder(4, new SplittableRandom(1));
        order.add(2, PiecePriorities.NORMAL, 0);
        assertThatThrownBy(() -> order.decrement(2)).isInstanceOf(IllegalStateException.class).hasMessageContaining("piece 2");
        assertThatThrownBy(() -> order.add(2, PiecePriorities.NORMAL, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> order.add(3, PiecePriorities.SKIP, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
