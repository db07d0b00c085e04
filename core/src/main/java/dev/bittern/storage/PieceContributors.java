package dev.bittern.storage;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Counts, per peer, the failed pieces it sent blocks for, and bans a peer once it reaches the
 * threshold. A single failure can be bad luck (a peer shared a piece with the real culprit), so
 * the default bans after two. Pure and single-owner: the engine feeds it {@link PieceResult.PieceFailed}s.
 *
 * <p>Known limit: an honest peer that keeps sharing pieces with a bad one is banned as well; the
 * engine narrows this by re-downloading a failed piece from one peer (libtorrent's smart-ban
 * instead remembers block hashes).
 */
public final class PieceContributors<P> {
    public static final int DEFAULT_BAN_AFTER = 2;

    private final int banAfter;
    private final Map<P, Integer> failures = new HashMap<>();

    public PieceContributors() {
        this(DEFAULT_BAN_AFTER);
    }

    public PieceContributors(int banAfter) {
        if (banAfter < 1) {
            throw new IllegalArgumentException("banAfter must be >= 1, got " + banAfter);
        }
        this.banAfter = banAfter;
    }

    /** Records one failed piece; returns the peers that reached the ban threshold with it. */
    public Set<P> pieceFailed(Collection<P> contributors) {
        Set<P> newlyBanned = new LinkedHashSet<>();
        for (P p : new LinkedHashSet<>(contributors)) {
            int n = failures.merge(p, 1, Integer::sum);
            if (n == banAfter) {
                newlyBanned.add(p);
            }
        }
        return newlyBanned;
    }

    public Set<P> pieceFailed(PieceResult.PieceFailed<P> failed) {
        return pieceFailed(failed.contributors());
    }

    public int failures(P peer) {
        return failures.getOrDefault(peer, 0);
    }

    public boolean isBanned(P peer) {
        return failures(peer) >= banAfter;
    }
}
