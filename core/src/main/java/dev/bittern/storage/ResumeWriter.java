package dev.bittern.storage;

import dev.bittern.time.Clock;
import java.io.IOException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * Decides when to save resume data: after every {@code everyPieces} newly verified pieces, or
 * {@code maxDelay} after the first unsaved one, whichever comes first. Saving after each piece
 * would cost an fsync per piece; this bounds both the work lost in a crash and the I/O.
 *
 * <p>Single owner (the engine's loop): call {@link #pieceVerified()} for each verified piece and
 * {@link #poll()} when {@link #nextDeadlineNanos()} is reached; {@link #flush()} on shutdown.
 * Time comes from the {@link Clock}, so the policy is tested on virtual time.
 */
public final class ResumeWriter {
    /** Takes a snapshot and writes it (normally {@code ResumeFile.save(dir, store.resumeData(hash))}). */
    @FunctionalInterface
    public interface Saver {
        void save() throws IOException;
    }

    private final Clock clock;
    private final int everyPieces;
    private final long maxDelayNanos;
    private final Saver saver;
    private int unsaved;
    private long firstUnsavedAt;

    public ResumeWriter(Clock clock, int everyPieces, Duration maxDelay, Saver saver) {
        if (everyPieces < 1) {
            throw new IllegalArgumentException("everyPieces must be >= 1, got " + everyPieces);
        }
        if (maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxDelay must not be negative: " + maxDelay);
        }
        this.clock = clock;
        this.everyPieces = everyPieces;
        this.maxDelayNanos = maxDelay.toNanos();
        this.saver = saver;
    }

    /** Records a verified piece; saves if the piece count or the delay is reached. Returns whether it saved. */
    public boolean pieceVerified() throws IOException {
        if (unsaved == 0) {
            firstUnsavedAt = clock.nanoTime();
        }
        unsaved++;
        return poll();
    }

    /** Saves if something is unsaved and a limit is reached. Returns whether it saved. */
    public boolean poll() throws IOException {
        if (unsaved == 0) {
            return false;
        }
        if (unsaved >= everyPieces || clock.nanoTime() - firstUnsavedAt >= maxDelayNanos) {
            save();
            return true;
        }
        return false;
    }

    /** When {@link #poll()} will next want to save, if anything is unsaved. */
    public OptionalLong nextDeadlineNanos() {
        return unsaved == 0 ? OptionalLong.empty() : OptionalLong.of(firstUnsavedAt + maxDelayNanos);
    }

    /** Saves now if anything is unsaved (shutdown, torrent complete). */
    public boolean flush() throws IOException {
        if (unsaved == 0) {
            return false;
        }
        save();
        return true;
    }

    public int unsavedPieces() {
        return unsaved;
    }

    private void save() throws IOException {
        saver.save();
        // Only after a successful save: a failed save keeps the pieces counted and is retried.
        unsaved = 0;
    }
}
