package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.wire.Bitfield;
import dev.bittern.wire.PieceLayout;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PiecePickerTest {
    private static final int BLOCK = PieceLayout.BLOCK_LENGTH;

    /** {@code pieces} pieces of {@code blocksPerPiece} full blocks. */
    private static PiecePicker<String> picker(int pieces, int blocksPerPiece, long seed) {
        return new PiecePicker<>(new PieceLayout((long) pieces * blocksPerPiece * BLOCK, blocksPerPiece * BLOCK), new SplittableRandom(seed));
    }

    private static Bitfield pieces(int count, int... set) {
        Bitfield b = new Bitfield(count);
        for (int i : set) {
            b.set(i);
        }
        return b;
    }

    private static Bitfield range(int count, int from, int to) {
        Bitfield b = new Bitfield(count);
        for (int i = from; i < to; i++) {
            b.set(i);
        }
        return b;
    }

    /** Leaves random-first mode by marking the first four pieces verified. */
    private static void haveFirstFour(PiecePicker<String> p) {
        for (int i = 0; i < PiecePicker.RANDOM_FIRST_PIECES; i++) {
            p.pieceVerified(i);
        }
    }

    @Test
    void rarestPieceIsRequestedFirst() {
        PiecePicker<String> p = picker(10, 1, 1);
        haveFirstFour(p);
        p.peerBitfield("a", Bitfield.full(10));
        p.peerBitfield("b", pieces(10, 4, 5, 6, 8, 9));
        p.peerBitfield("c", pieces(10, 4, 5, 6, 8, 9));
        assertThat(p.availability(7)).isEqualTo(1);
        assertThat(p.pick("a", 1)).containsExactly(new Block(7, 0, BLOCK));
    }

    @Test
    void equallyRarePiecesAreChosenAtRandom() {
        Map<Integer, Integer> firstPicks = new HashMap<>();
        for (long seed = 0; seed < 300; seed++) {
            PiecePicker<String> p = picker(10, 1, seed);
            haveFirstFour(p);
            p.peerBitfield("a", Bitfield.full(10));
            p.peerBitfield("b", pieces(10, 4)); // piece 4 is more common: never first
            firstPicks.merge(p.pick("a", 1).getFirst().piece(), 1, Integer::sum);
        }
        assertThat(firstPicks.keySet()).containsExactlyInAnyOrder(5, 6, 7, 8, 9);
        // 300 draws over 5 pieces: each near 60; a biased choice (always the lowest index) would fail this.
        assertThat(firstPicks.values()).allSatisfy(n -> assertThat(n).isBetween(30, 95));
    }

    @Test
    void firstPiecesAreRandomNotRarest() {
        Set<Integer> firstPicks = new HashSet<>();
        int rarestChosen = 0;
        for (long seed = 0; seed < 100; seed++) {
            PiecePicker<String> p = picker(10, 1, seed);
            p.peerBitfield("a", Bitfield.full(10));
            p.peerBitfield("b", range(10, 0, 9));
            p.peerBitfield("c", range(10, 0, 9)); // piece 9 is the rarest
            int first = p.pick("a", 1).getFirst().piece();
            firstPicks.add(first);
            rarestChosen += first == 9 ? 1 : 0;
        }
        assertThat(firstPicks).hasSizeGreaterThan(5);
        assertThat(rarestChosen).isLessThan(30);
    }

    @Test
    void randomFirstEndsAfterFourCompletePieces() {
        for (long seed = 0; seed < 20; seed++) {
            PiecePicker<String> p = picker(10, 1, seed);
            p.peerBitfield("a", Bitfield.full(10));
            p.peerBitfield("b", range(10, 0, 9));
            Set<Integer> randomPicks = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                Block b = p.pick("a", 1).getFirst();
                randomPicks.add(b.piece());
                assertThat(p.blockReceived("a", b).status()).isEqualTo(PiecePicker.Status.PIECE_COMPLETE);
                p.pieceVerified(b.piece());
            }
            // Piece 9 is the rarest (only "a" has it): the fifth pick takes it unless a random pick already did.
            if (!randomPicks.contains(9)) {
                assertThat(p.pick("a", 1).getFirst().piece()).isEqualTo(9);
            } else {
                assertThat(p.pick("a", 1).getFirst().piece()).isBetween(0, 8);
            }
        }
    }

    @Test
    void partialPiecesAreFinishedFirst() {
        PiecePicker<String> p = picker(10, 4, 2);
        haveFirstFour(p);
        p.peerBitfield("a", Bitfield.full(10));
        p.peerBitfield("b", Bitfield.full(10));
        p.peerBitfield("c", range(10, 0, 9)); // piece 9 is rarest
        List<Block> first = p.pick("a", 2);
        assertThat(first).containsExactly(new Block(9, 0, BLOCK), new Block(9, BLOCK, BLOCK));
        p.peerHave("c", 9); // now everything is equally common: a new piece would be random
        p.pieceVerified(9 - 1); // unrelated progress does not matter
        assertThat(p.pick("b", 2)).containsExactly(new Block(9, 2 * BLOCK, BLOCK), new Block(9, 3 * BLOCK, BLOCK));
    }

    @Test
    void partialPieceClosestToDoneIsFinishedBeforeOthers() {
        PiecePicker<String> p = picker(6, 4, 5);
        haveFirstFour(p);
        p.peerBitfield("a", pieces(6, 4));
        p.peerBitfield("b", pieces(6, 5));
        p.peerBitfield("c", Bitfield.full(6));
        p.pick("a", 1); // piece 4: 3 free blocks left
        p.pick("b", 3); // piece 5: 1 free block left
        assertThat(p.pick("c", 2)).containsExactly(new Block(5, 3 * BLOCK, BLOCK), new Block(4, BLOCK, BLOCK));
    }

    @Test
    void endgameRequestsRemainingBlocksFromAllPeersAndCancelsDuplicates() {
        PiecePicker<String> p = picker(2, 1, 4);
        p.peerBitfield("a", Bitfield.full(2));
        p.peerBitfield("b", Bitfield.full(2));
        p.peerBitfield("c", pieces(2, 1));
        List<Block> fromA = p.pick("a", 10);
        assertThat(fromA).hasSize(2);
        assertThat(p.inEndgame()).isTrue();
        assertThat(p.pick("b", 10)).containsExactlyInAnyOrderElementsOf(fromA);
        assertThat(p.pick("c", 10)).containsExactly(new Block(1, 0, BLOCK));
        assertThat(p.pick("b", 10)).as("no second duplicate from the same peer").isEmpty();

        PiecePicker.Receipt<String> r = p.blockReceived("a", new Block(1, 0, BLOCK));
        assertThat(r.status()).isEqualTo(PiecePicker.Status.PIECE_COMPLETE);
        assertThat(r.cancels()).containsExactlyInAnyOrder(new PiecePicker.PeerBlock<>("b", new Block(1, 0, BLOCK)),
                new PiecePicker.PeerBlock<>("c", new Block(1, 0, BLOCK)));
        assertThat(p.inFlight("b")).containsExactly(new Block(0, 0, BLOCK));
        assertThat(p.blockReceived("b", new Block(1, 0, BLOCK)).status()).isEqualTo(PiecePicker.Status.DUPLICATE);
    }

    @Test
    void idlePeerIsAskedForBlocksWaitingInAnotherPeersQueueAndTheLaterCopyIsCancelled() {
        PiecePicker<String> p = picker(3, 4, 6);
        p.peerBitfield("seed", pieces(3, 0, 1));
        p.peerBitfield("a", pieces(3, 0));
        p.peerBitfield("c", pieces(3, 0));
        p.peerBitfield("z", pieces(3, 2)); // piece 2 stays unrequested: no endgame
        assertThat(p.pick("seed", 8)).hasSize(8); // every block of pieces 0 and 1 waits in the seed's queue

        // "a" unchoked us but has nothing unrequested: it gets the last blocks of its piece, which wait longest.
        assertThat(p.pick("a", 4)).containsExactly(new Block(0, 3 * BLOCK, BLOCK), new Block(0, 2 * BLOCK, BLOCK));
        assertThat(p.inEndgame()).isFalse();
        assertThat(p.pick("a", 4)).as("only while it has nothing in flight").isEmpty();
        assertThat(p.pick("c", 4)).as("a block already asked of two peers is not asked of a third")
                .containsExactly(new Block(0, BLOCK, BLOCK), new Block(0, 0, BLOCK));

        PiecePicker.Receipt<String> r = p.blockReceived("a", new Block(0, 3 * BLOCK, BLOCK));
        assertThat(r.status()).isEqualTo(PiecePicker.Status.ACCEPTED);
        assertThat(r.cancels()).containsExactly(new PiecePicker.PeerBlock<>("seed", new Block(0, 3 * BLOCK, BLOCK)));
        assertThat(p.inFlight("seed")).doesNotContain(new Block(0, 3 * BLOCK, BLOCK)).hasSize(7);
        assertThat(p.blockReceived("seed", new Block(0, 0, BLOCK)).cancels())
                .containsExactly(new PiecePicker.PeerBlock<>("c", new Block(0, 0, BLOCK)));
    }

    @Test
    void unselectedFilesAreNeverRequested() {
        // 4 pieces of 1 block; files: [0, 20000) wanted, [20000, 49152) skipped, [49152, 65536) wanted.
        PieceLayout layout = new PieceLayout(4L * BLOCK, BLOCK);
        int[] prio = PiecePriorities.fromFiles(layout, List.of(20_000L, 49_152L - 20_000L, 16_384L), List.of(1, 0, 1));
        assertThat(prio).containsExactly(1, 1, 0, 1); // piece 1 is shared by files 0 and 1
        PiecePicker<String> p = new PiecePicker<>(layout, new SplittableRandom(1));
        p.setPriorities(prio);
        p.peerBitfield("a", Bitfield.full(4));
        p.peerBitfield("b", pieces(4, 2));
        assertThat(p.pick("a", 10)).extracting(Block::piece).containsExactlyInAnyOrder(0, 1, 3);
        assertThat(p.isInteresting("b")).isFalse();
        assertThat(p.pick("b", 10)).isEmpty();
        assertThat(p.blockReceived("b", new Block(2, 0, BLOCK)).status()).isEqualTo(PiecePicker.Status.NOT_WANTED);
        for (int piece : new int[] {0, 1, 3}) {
            p.pieceVerified(piece);
        }
        assertThat(p.isComplete()).isTrue();
    }

    @Test
    void higherPriorityBeatsRarity() {
        PiecePicker<String> p = picker(8, 1, 9);
        haveFirstFour(p);
        p.setPriority(6, PiecePriorities.MAX);
        p.peerBitfield("a", Bitfield.full(8));
        p.peerBitfield("b", pieces(8, 6)); // piece 6 is more common than 4, 5, 7
        assertThat(p.pick("a", 1)).containsExactly(new Block(6, 0, BLOCK));
    }

    @Test
    void failedPieceIsPutBackAndRequestedAgain() {
        PiecePicker<String> p = picker(1, 2, 1);
        p.peerBitfield("a", Bitfield.full(1));
        List<Block> blocks = p.pick("a", 5);
        assertThat(p.blockReceived("a", blocks.get(0)).status()).isEqualTo(PiecePicker.Status.ACCEPTED);
        assertThat(p.blockReceived("a", blocks.get(1)).status()).isEqualTo(PiecePicker.Status.PIECE_COMPLETE);
        assertThat(p.pick("a", 5)).isEmpty();
        p.pieceFailed(0);
        assertThat(p.isComplete()).isFalse();
        assertThat(p.pick("a", 5)).containsExactlyElementsOf(blocks);
    }

    @Test
    void peerDisconnectReleasesItsInFlightBlocks() {
        PiecePicker<String> p = picker(1, 2, 1);
        p.peerBitfield("a", Bitfield.full(1));
        p.peerBitfield("b", Bitfield.full(1));
        List<Block> taken = p.pick("a", 5);
        assertThat(p.availability(0)).isEqualTo(2);
        assertThat(p.peerLeft("a")).containsExactlyElementsOf(taken);
        assertThat(p.availability(0)).isEqualTo(1);
        assertThat(p.pick("b", 5)).containsExactlyElementsOf(taken);
        assertThat(p.inEndgame()).isTrue();
    }

    @Test
    void chokeReleasesRequestsButKeepsReceivedBlocks() {
        PiecePicker<String> p = picker(1, 3, 1);
        p.peerBitfield("a", Bitfield.full(1));
        p.peerBitfield("b", Bitfield.full(1));
        List<Block> taken = p.pick("a", 3);
        p.blockReceived("a", taken.get(0));
        assertThat(p.peerChoked("a")).containsExactly(taken.get(1), taken.get(2));
        assertThat(p.pick("b", 5)).containsExactly(taken.get(1), taken.get(2));
    }

    @Test
    void lastPieceAndItsLastBlockAreShorter() {
        // 2 pieces of 32 KiB nominal; total 40000 bytes: piece 1 is 7232 bytes, one short block.
        PiecePicker<String> p = new PiecePicker<>(new PieceLayout(40_000, 2 * BLOCK), new SplittableRandom(1));
        p.peerBitfield("a", Bitfield.full(2));
        assertThat(p.pick("a", 10)).containsExactlyInAnyOrder(new Block(0, 0, BLOCK), new Block(0, BLOCK, BLOCK),
                new Block(1, 0, 40_000 - 2 * BLOCK));
    }

    @Test
    void blockOfTheWrongGeometryIsNotWanted() {
        PiecePicker<String> p = picker(2, 2, 1);
        p.peerBitfield("a", Bitfield.full(2));
        assertThat(p.blockReceived("a", new Block(0, 100, BLOCK)).status()).isEqualTo(PiecePicker.Status.NOT_WANTED);
        assertThat(p.blockReceived("a", new Block(0, 0, 100)).status()).isEqualTo(PiecePicker.Status.NOT_WANTED);
        assertThat(p.blockReceived("a", new Block(5, 0, BLOCK)).status()).isEqualTo(PiecePicker.Status.NOT_WANTED);
    }

    @Test
    void verifiedPiecesAreNotRequestedAndPeersWithOnlyThoseAreNotInteresting() {
        PiecePicker<String> p = picker(3, 1, 1);
        p.pieceVerified(0);
        p.pieceVerified(1);
        p.peerBitfield("a", pieces(3, 0, 1));
        p.peerBitfield("b", pieces(3, 2));
        assertThat(p.isInteresting("a")).isFalse();
        assertThat(p.isInteresting("b")).isTrue();
        assertThat(p.pick("a", 5)).isEmpty();
        assertThat(p.pick("b", 5)).containsExactly(new Block(2, 0, BLOCK));
    }

    @Test
    void everyBlockIsRequestedExactlyOnceBeforeEndgame() {
        SplittableRandom r = new SplittableRandom(11);
        PiecePicker<String> p = picker(40, 3, 11);
        for (int peer = 0; peer < 5; peer++) {
            Bitfield b = new Bitfield(40);
            for (int i = 0; i < 40; i++) {
                if (r.nextInt(3) > 0) {
                    b.set(i);
                }
            }
            p.peerBitfield("p" + peer, b);
        }
        p.peerBitfield("seed", Bitfield.full(40));
        Set<Block> seen = new HashSet<>();
        List<String> all = List.of("p0", "p1", "p2", "p3", "p4", "seed");
        for (int round = 0; round < 100; round++) {
            for (String peer : all) {
                for (Block b : p.pick(peer, 4)) {
                    if (!seen.add(b)) {
                        assertThat(p.inEndgame()).as("block requested twice before endgame: %s", b).isTrue();
                    }
                }
            }
        }
        assertThat(seen).hasSize(120);
    }
}
