package dev.bittern.tracker.server;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class PeerStoreTest {
    /** One operation on the store: add/refresh a peer (0..63 addresses, so they collide often), remove, or expire. */
    record Op(int kind, int peer, boolean seed, int time) {
    }

    @Provide
    Arbitrary<Op> ops() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 9),
                Arbitraries.integers().between(0, 63), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 100)).as(Op::new);
    }

    private static byte[] endpoint(int peer) {
        return new byte[]{10, 0, (byte) (peer % 3), (byte) peer, 0x1A, (byte) peer};
    }

    @Property(tries = 300)
    void storeAgreesWithAMapModel(@ForAll @Size(max = 400) List<@net.jqwik.api.From("ops") Op> ops) {
        PeerStore store = new PeerStore(4, 42);
        Map<Integer, int[]> model = new HashMap<>(); // peer -> {seed, time}
        for (Op op : ops) {
            if (op.kind() < 7) {
                store.put(endpoint(op.peer()), Peers.peerId(op.peer()), op.time(), op.seed());
                model.put(op.peer(), new int[]{op.seed() ? 1 : 0, op.time()});
            } else if (op.kind() < 9) {
                int i = store.find(endpoint(op.peer()), 0);
                assertThat(i >= 0).isEqualTo(model.containsKey(op.peer()));
                if (i >= 0) {
                    store.remove(i);
                    model.remove(op.peer());
                }
            } else {
                store.expireOlderThan(op.time());
                model.values().removeIf(v -> v[1] < op.time());
            }
            assertThat(store.size()).isEqualTo(model.size());
            assertThat(store.seeds()).isEqualTo((int) model.values().stream().filter(v -> v[0] == 1).count());
            for (Map.Entry<Integer, int[]> e : model.entrySet()) {
                int i = store.find(endpoint(e.getKey()), 0);
                assertThat(i).as("peer %d present", e.getKey()).isNotNegative();
                assertThat(store.isSeed(i)).isEqualTo(e.getValue()[0] == 1);
                assertThat(store.lastSeen(i)).isEqualTo(e.getValue()[1]);
            }
        }
        PeerList all = new PeerList(4, 0);
        store.sample(1000, false, -1, new SplittableRandom(1), all);
        assertThat(all.size()).isEqualTo(model.size());
        for (int i = 0; i < all.size(); i++) {
            int peer = all.peerId(i)[19] & 0xFF;
            assertThat(all.compact()).containsSequence(endpoint(peer));
        }
    }

    @Property(tries = 200)
    void sampleIsDistinctAndRespectsExclusion(@ForAll("sizes") int n, @ForAll("sizes") int k, @ForAll long seed) {
        PeerStore store = new PeerStore(4, 1);
        for (int p = 0; p < n; p++) {
            store.put(endpoint(p), Peers.peerId(p), 0, p % 2 == 0);
        }
        int exclude = n == 0 ? -1 : store.find(endpoint(n / 2), 0);
        PeerList out = new PeerList(4, 0);
        store.sample(k, false, exclude, new SplittableRandom(seed), out);
        int available = Math.max(0, n - (exclude >= 0 ? 1 : 0));
        assertThat(out.size()).isEqualTo(Math.min(k, available));
        java.util.Set<PeerAddress> seen = new java.util.HashSet<>();
        for (int i = 0; i < out.size(); i++) {
            assertThat(seen.add(out.address(i))).isTrue();
            assertThat(out.peerId(i)[19] & 0xFF).isNotEqualTo(n / 2);
        }
    }

    @net.jqwik.api.Example
    void largeSwarmSampleIsDistinctAndExcludesTheAnnouncer() {
        PeerStore store = new PeerStore(4, 1);
        for (int p = 0; p < 20_000; p++) {
            byte[] e = {10, (byte) (p >>> 16), (byte) (p >>> 8), (byte) p, 0x1A, 0x1A};
            store.put(e, Peers.peerId(p), 0, false);
        }
        int self = store.find(new byte[]{10, 0, 0, 7, 0x1A, 0x1A}, 0);
        for (int round = 0; round < 200; round++) {
            PeerList out = new PeerList(4, 0, false);
            store.sample(200, false, self, new SplittableRandom(round), out);
            java.util.Set<PeerAddress> seen = new java.util.HashSet<>();
            for (int i = 0; i < out.size(); i++) {
                seen.add(out.address(i));
            }
            assertThat(seen).hasSize(200).doesNotContain(new PeerAddress(new byte[]{10, 0, 0, 7}, 0x1A1A));
        }
    }

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(0, 64);
    }
}
