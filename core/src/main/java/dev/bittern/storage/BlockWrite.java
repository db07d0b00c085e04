package dev.bittern.storage;

import java.util.concurrent.CompletableFuture;

/** What {@link PieceStore#writeBlock} did with a block. */
public sealed interface BlockWrite<P> {
    /** Written to disk; the piece still misses bytes. */
    record Stored<P>() implements BlockWrite<P> {
    }

    /** This block completed the piece: it is being verified on the {@link HashPool}. */
    record PieceComplete<P>(int piece, CompletableFuture<PieceResult<P>> result) implements BlockWrite<P> {
    }

    /** Not written, e.g. the piece is already verified or being verified (a late duplicate). */
    record Ignored<P>(String reason) implements BlockWrite<P> {
    }
}
