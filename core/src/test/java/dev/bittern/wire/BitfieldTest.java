package dev.bittern.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BitfieldTest {
    @Test
    void pieceZeroIsTheHighBitOfTheFirstByte() {
        Bitfield b = new Bitfield(10);
        b.set(0);
        b.set(9);
        assertThat(b.toBytes()).containsExactly(0x80, 0x40);
        assertThat(b.cardinality()).isEqualTo(2);
        assertThat(b.get(9)).isTrue();
        assertThat(b.get(8)).isFalse();
    }

    @Test
    void setAndClearReportChangesAndKeepCardinality() {
        Bitfield b = new Bitfield(3);
        assertThat(b.set(1)).isTrue();
        assertThat(b.set(1)).isFalse();
        assertThat(b.cardinality()).isEqualTo(1);
        assertThat(b.clear(1)).isTrue();
        assertThat(b.clear(1)).isFalse();
        assertThat(b.isEmpty()).isTrue();
        assertThat(Bitfield.full(3).isComplete()).isTrue();
    }

    @Test
    void wrongSizeIsRejected() {
        assertThatThrownBy(() -> Bitfield.fromBytes(new byte[3], 10)).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("bitfield of 3 bytes for 10 pieces, expected 2");
    }

    @Test
    void spareBitsSetAreRejected() {
        assertThatThrownBy(() -> Bitfield.fromBytes(new byte[] {0, 0x01}, 10)).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("spare bits after piece 9 are set")
                .extracting(e -> ((WireProtocolException) e).offset()).isEqualTo(1L);
    }

    @Test
    void convertsToAndFromTheBitSetStorageKeeps() {
        java.util.BitSet s = new java.util.BitSet();
        s.set(0);
        s.set(9);
        Bitfield b = Bitfield.fromBitSet(s, 10);
        assertThat(b.toBytes()).containsExactly(0x80, 0x40);
        assertThat(b.toBitSet()).isEqualTo(s);
        assertThatThrownBy(() -> Bitfield.fromBitSet(s, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void outOfRangePieceIsAnError() {
        assertThatThrownBy(() -> new Bitfield(4).get(4)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Property
    void bytesRoundTrip(@ForAll @IntRange(min = 0, max = 200) int pieces, @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        Bitfield b = new Bitfield(pieces);
        for (int i = 0; i < pieces; i++) {
            if (r.nextBoolean()) {
                b.set(i);
            }
        }
        Bitfield back = Bitfield.fromBytes(b.toBytes(), pieces);
        assertThat(back).isEqualTo(b);
        assertThat(back.cardinality()).isEqualTo(b.cardinality());
    }

    @Property
    void nextSetVisitsExactlyTheSetPieces(@ForAll @IntRange(min = 0, max = 100) int pieces, @ForAll long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        Bitfield b = new Bitfield(pieces);
        java.util.List<Integer> expected = new java.util.ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            if (r.nextInt(4) == 0) {
                b.set(i);
                expected.add(i);
            }
        }
        java.util.List<Integer> visited = new java.util.ArrayList<>();
        for (int i = b.nextSet(0); i >= 0; i = b.nextSet(i + 1)) {
            visited.add(i);
        }
        assertThat(visited).isEqualTo(expected);
    }
}
