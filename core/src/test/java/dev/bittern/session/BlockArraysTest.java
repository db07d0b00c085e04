package dev.bittern.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.wire.PieceLayout;
import org.junit.jupiter.api.Test;

class BlockArraysTest {
    @Test
    void aGivenBackArrayIsTakenAgain() {
        BlockArrays arrays = new BlockArrays(4);
        byte[] a = arrays.take(100);
        assertThat(a).as("standard block size, so it can serve any ordinary block").hasSize(PieceLayout.BLOCK_LENGTH);
        arrays.give(a);
        assertThat(arrays.take(PieceLayout.BLOCK_LENGTH)).isSameAs(a);
    }

    @Test
    void atMostCapacityArraysAreKept() {
        BlockArrays arrays = new BlockArrays(2);
        for (int i = 0; i < 5; i++) {
            arrays.give(new byte[PieceLayout.BLOCK_LENGTH]);
        }
        assertThat(arrays.kept()).isEqualTo(2);
    }

    @Test
    void largerBlocksGetTheirOwnArrayWhichIsNotKept() {
        BlockArrays arrays = new BlockArrays(2);
        arrays.give(new byte[PieceLayout.BLOCK_LENGTH]);
        byte[] big = arrays.take(64 * 1024);
        assertThat(big).hasSize(64 * 1024);
        arrays.give(big);
        assertThat(arrays.kept()).isZero();
    }
}
