package dev.bittern.storage;

import java.util.Set;

/** The outcome of hashing a completed piece (BEP 3: a piece is only "had" once its SHA-1 matches). */
public sealed interface PieceResult<P> {
    int piece();

    /** The hash matched: the piece is marked done and may be announced with {@code have}. */
    record PieceVerified<P>(int piece) implements PieceResult<P> {
    }

    /**
     * The hash did not match: the piece's progress is discarded and it must be downloaded again.
     * {@code contributors} sent at least one of its blocks; feed them to {@link PieceContributors}.
     */
    record PieceFailed<P>(int piece, Set<P> contributors) implements PieceResult<P> {
        public PieceFailed {
            contributors = Set.copyOf(contributors);
        }
    }
}
