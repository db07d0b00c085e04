package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PieceContributorsTest {
    @Test
    void peerContributingToRepeatedFailuresIsBanned() {
        PieceContributors<String> c = new PieceContributors<>();
        assertThat(c.pieceFailed(new PieceResult.PieceFailed<>(7, Set.of("liar", "honest1")))).isEmpty();
        assertThat(c.isBanned("liar")).isFalse();
        assertThat(c.pieceFailed(new PieceResult.PieceFailed<>(9, Set.of("liar", "honest2")))).containsExactly("liar");
        assertThat(c.isBanned("liar")).isTrue();
        assertThat(c.isBanned("honest1")).isFalse();
        assertThat(c.failures("honest2")).isEqualTo(1);
        assertThat(c.failures("stranger")).isZero();
    }

    @Test
    void aBannedPeerIsReportedOnlyOnceAndDuplicatesInOnePieceCountOnce() {
        PieceContributors<String> c = new PieceContributors<>(2);
        assertThat(c.pieceFailed(List.of("x", "x"))).isEmpty();
        assertThat(c.failures("x")).isEqualTo(1);
        assertThat(c.pieceFailed(List.of("x"))).containsExactly("x");
        assertThat(c.pieceFailed(List.of("x"))).isEmpty();
        assertThat(c.isBanned("x")).isTrue();
    }

    @Test
    void thresholdIsConfigurable() {
        PieceContributors<Integer> strict = new PieceContributors<>(1);
        assertThat(strict.pieceFailed(List.of(1, 2))).containsExactlyInAnyOrder(1, 2);
    }
}
