package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.wire.Bitfield;
import dev.bittern.wire.PieceLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * A random swarm drives the picker through joins, leaves, haves, chokes, deliveries and hash
 * failures; the picker must keep its books straight and finish every wanted piece.
 */
class PiecePickerSwarmTest {
    @Property(tries = 300)
    void randomSwarmCompletesEveryWantedPieceWithConsistentBookkeeping(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int blocksPerPiece = 1 + r.nextInt(4);
        int pieceLength = blocksPerPiece * PieceLayout.BLOCK_LENGTH;
        int pieces = 1 + r.nextInt(30);
        long total = (long) (pieces - 1) * pieceLength + 1 + r.nextInt(pieceLength);
        PieceLayout layout = new PieceLayout(total, pieceLength);
        PiecePicker<Integer> picker = new PiecePicker<>(layout, r.split());
        boolean[] wanted = new boolean[pieces];
        for (int i = 0; i < pieces; i++) {
            wanted[i] = r.nextInt(5) > 0;
            picker.setPriority(i, wanted[i] ? 1 + r.nextInt(3) : PiecePriorities.SKIP);
        }
        Map<Integer, Bitfield> has = new HashMap<>();
        Map<Integer, Set<Block>> outstanding = new HashMap<>();
        int nextPeer = 1;
        has.put(0, Bitfield.full(pieces)); // a seed that stays
        outstanding.put(0, new LinkedHashSet<>());
        picker.peerBitfield(0, Bitfield.full(pieces));

        for (int step = 0; step < 20_000 && !picker.isComplete(); step++) {
            List<Integer> peers = new ArrayList<>(has.keySet());
            int peer = peers.get(r.nextInt(peers.size()));
            switch (r.nextInt(12)) {
                case 0 -> {
                    Bitfield b = new Bitfield(pieces);
                    for (int i = 0; i < pieces; i++) {
                        if (r.nextBoolean()) {
                            b.set(i);
                        }
                    }
                    has.put(nextPeer, b);
                    outstanding.put(nextPeer, new LinkedHashSet<>());
                    picker.peerBitfield(nextPeer++, b);
                }
                case 1 -> {
                    if (peer != 0) {
                        assertThat(Set.copyOf(picker.peerLeft(peer))).isEqualTo(outstanding.remove(peer));
                        has.remove(peer);
                    }
                }
                case 2 -> {
                    int piece = r.nextInt(pieces);
                    has.get(peer).set(piece);
                    picker.peerHave(peer, piece);
                }
                case 3 -> {
                    assertThat(Set.copyOf(picker.peerChoked(peer))).isEqualTo(outstanding.get(peer));
                    outstanding.get(peer).clear();
                }
                case 4, 5, 6, 7 -> {
                    for (Block b : picker.pick(peer, 1 + r.nextInt(8))) {
                        assertThat(has.get(peer).get(b.piece())).as("peer has the piece of %s", b).isTrue();
                        assertThat(wanted[b.piece()]).as("piece of %s is wanted", b).isTrue();
                        assertThat(picker.have().get(b.piece())).as("piece of %s is not had", b).isFalse();
                        assertThat(b).isEqualTo(Block.of(layout, b.piece(), b.index()));
                        assertThat(outstanding.get(peer).add(b)).as("%s requested twice from one peer", b).isTrue();
                    }
                }
                default -> {
                    Set<Block> mine = outstanding.get(peer);
                    if (mine.isEmpty()) {
                        break;
                    }
                    Block b = new ArrayList<>(mine).get(r.nextInt(mine.size()));
                    mine.remove(b);
                    PiecePicker.Receipt<Integer> receipt = picker.blockReceived(peer, b);
                    for (PiecePicker.PeerBlock<Integer> c : receipt.cancels()) {
                        assertThat(outstanding.get(c.peer()).remove(c.block())).as("cancel of an outstanding request").isTrue();
                    }
                    if (receipt.status() == PiecePicker.Status.PIECE_COMPLETE) {
                        if (r.nextInt(10) == 0) {
                            picker.pieceFailed(b.piece());
                        } else {
                            picker.pieceVerified(b.piece());
                        }
                    }
                }
            }
            for (int i = 0; i < pieces; i++) {
                int count = 0;
                for (Bitfield b : has.values()) {
                    count += b.get(i) ? 1 : 0;
                }
                assertThat(picker.availability(i)).isEqualTo(count);
            }
            for (Map.Entry<Integer, Set<Block>> e : outstanding.entrySet()) {
                assertThat(picker.inFlight(e.getKey())).isEqualTo(e.getValue());
            }
        }
        assertThat(picker.isComplete()).isTrue();
        Bitfield have = picker.have();
        for (int i = 0; i < pieces; i++) {
            assertThat(have.get(i)).as("piece %d", i).isEqualTo(wanted[i]);
        }
    }
}
