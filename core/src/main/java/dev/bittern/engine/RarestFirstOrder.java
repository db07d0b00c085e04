package dev.bittern.engine;

import dev.bittern.wire.Bitfield;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * The pieces a new piece can be chosen from (wanted, not had, not started), kept in the order Cohen's
 * rarest-first policy asks for: higher priority first, then fewer connected peers having the piece.
 *
 * <p>Why it exists: choosing by scanning every piece a peer has made each new piece cost O(pieces), so a
 * download cost O(pieces²): 1.8 s of CPU on the session loop for a 4 GiB torrent of 256 KiB pieces (the
 * lecture's piece length) against a seed, growing fourfold with every doubling (docs/benchmarks.md,
 * "Session 10"). Here each priority level is one array of pieces grouped into buckets of equal
 * availability, rarest bucket first, as libtorrent's piece picker keeps them: a have message or a peer
 * leaving moves a piece to the neighbouring bucket with one swap, and a choice looks at the rarest bucket
 * first, so against a peer that has most pieces it is O(1).
 *
 * <p>Ties are broken at random: the scan of a bucket starts at a random position and takes the first piece
 * the peer has, wrapping around (uniform when the peer has the whole bucket; otherwise a piece after a gap
 * of pieces the peer lacks is a little more likely). For a peer that has only a few of the candidates,
 * {@link #choose} walks the peer's pieces instead (O(its pieces)), choosing uniformly among the best.
 *
 * <p>Single-owner, like {@link PiecePicker}: not thread-safe.
 */
final class RarestFirstOrder {
    /** A peer that has fewer than 1/SPARSE of the candidates is served by walking its own pieces. */
    private static final int SPARSE = 32;

    private final RandomGenerator random;
    /** Index of a candidate in its level's array; -1 if the piece is not a candidate. */
    private final int[] pos;
    /** The availability bucket a candidate is filed under (its availability when last told). */
    private final int[] bucket;
    /** The level (priority) a candidate is filed under. */
    private final byte[] level;
    /** Per priority 1..MAX; made on first use. */
    private final Level[] levels = new Level[PiecePriorities.MAX + 1];
    private int size;

    RarestFirstOrder(int pieceCount, RandomGenerator random) {
        this.random = random;
        this.pos = new int[pieceCount];
        Arrays.fill(pos, -1);
        this.bucket = new int[pieceCount];
        this.level = new byte[pieceCount];
    }

    /** The number of candidates. */
    int size() {
        return size;
    }

    boolean contains(int piece) {
        return pos[piece] >= 0;
    }

    /** Makes {@code piece} a candidate at {@code priority} (1..MAX) with {@code availability} peers having it. */
    void add(int piece, int priority, int availability) {
        if (pos[piece] >= 0) {
            throw new IllegalStateException("piece " + piece + " is already a candidate");
        }
        if (priority < 1 || priority > PiecePriorities.MAX) {
            throw new IllegalArgumentException("candidate priority outside 1.." + PiecePriorities.MAX + ": " + priority);
        }
        Level l = levels[priority];
        if (l == null) {
            l = levels[priority] = new Level(pos.length);
        }
        l.add(piece, availability);
        level[piece] = (byte) priority;
        size++;
    }

    /** Removes {@code piece} if it is a candidate (started, had, or no longer wanted). */
    void remove(int piece) {
        if (pos[piece] < 0) {
            return;
        }
        levels[level[piece]].remove(piece);
        size--;
    }

    /** One more connected peer has {@code piece}; nothing if it is not a candidate. */
    void increment(int piece) {
        if (pos[piece] >= 0) {
            levels[level[piece]].increment(piece);
        }
    }

    /** One connected peer fewer has {@code piece}; nothing if it is not a candidate. */
    void decrement(int piece) {
        if (pos[piece] >= 0) {
            levels[level[piece]].decrement(piece);
        }
    }

    /**
     * The candidate to start next among those {@code peerHas}: the highest priority, then (unless
     * {@code ignoreRarity}, the random-first phase) the lowest availability, ties at random; -1 if
     * the peer has none. Does not remove it.
     */
    int choose(Bitfield peerHas, boolean ignoreRarity) {
        if (size == 0 || peerHas.isEmpty()) {
            return -1;
        }
        if ((long) peerHas.cardinality() * SPARSE < size) {
            return chooseAmongPeerPieces(peerHas, ignoreRarity);
        }
        for (int prio = PiecePriorities.MAX; prio >= 1; prio--) {
            Level l = levels[prio];
            if (l == null || l.size == 0) {
                continue;
            }
            int found = ignoreRarity ? l.scan(0, l.size, peerHas) : l.scanBuckets(peerHas);
            if (found >= 0) {
                return found;
            }
        }
        return -1;
    }

    /** For a peer with few pieces: walk them, keep the best, reservoir-sample the ties. */
    private int chooseAmongPeerPieces(Bitfield peerHas, boolean ignoreRarity) {
        int best = -1;
        int bestLevel = 0;
        int bestBucket = Integer.MAX_VALUE;
        int ties = 0;
        for (int i = peerHas.nextSet(0); i >= 0; i = peerHas.nextSet(i + 1)) {
            if (pos[i] < 0) {
                continue;
            }
            int lv = level[i];
            int b = ignoreRarity ? 0 : bucket[i];
            if (lv > bestLevel || (lv == bestLevel && b < bestBucket)) {
                best = i;
                bestLevel = lv;
                bestBucket = b;
                ties = 1;
            } else if (lv == bestLevel && b == bestBucket) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return best;
    }

    /**
     * One priority level: {@code pieces[0, size)} grouped by availability, bucket {@code a} at
     * {@code [start[a], start[a + 1])}; buckets {@code 0..buckets-1} are tracked and {@code start[buckets] == size}.
     */
    private final class Level {
        final int[] pieces;
        int size;
        int[] start = new int[4];
        int buckets = 1;

        Level(int capacity) {
            pieces = new int[capacity];
        }

        void add(int piece, int availability) {
            ensureBuckets(availability + 1);
            pieces[size] = piece;
            pos[piece] = size;
            size++;
            start[buckets] = size;
            // Appended as the last of the highest bucket; step down one bucket at a time by swapping
            // with the first piece of the bucket above (which becomes that bucket's last).
            for (int b = buckets - 1; b > availability; b--) {
                swap(pos[piece], start[b]);
                start[b]++;
            }
            bucket[piece] = availability;
            // A random place within its bucket, so the order of additions does not bias later scans.
            int from = start[availability];
            swap(pos[piece], from + random.nextInt(pos[piece] - from + 1));
        }

        void remove(int piece) {
            // Step up to the end of the array: to the last place of each bucket, which then becomes the
            // first of the next; then cut it off.
            for (int b = bucket[piece]; b < buckets; b++) {
                swap(pos[piece], start[b + 1] - 1);
                start[b + 1]--;
            }
            size--;
            pos[piece] = -1;
        }

        void increment(int piece) {
            int b = bucket[piece];
            ensureBuckets(b + 2);
            swap(pos[piece], start[b + 1] - 1);
            start[b + 1]--;
            bucket[piece] = b + 1;
        }

        void decrement(int piece) {
            int b = bucket[piece];
            if (b == 0) {
                throw new IllegalStateException("availability of piece " + piece + " below zero");
            }
            swap(pos[piece], start[b]);
            start[b]++;
            bucket[piece] = b - 1;
        }

        /** The first non-empty bucket, rarest first, with a piece the peer has: a random one of those. */
        int scanBuckets(Bitfield peerHas) {
            for (int b = 0; b < buckets; b++) {
                if (start[b] < start[b + 1]) {
                    int found = scan(start[b], start[b + 1], peerHas);
                    if (found >= 0) {
                        return found;
                    }
                }
            }
            return -1;
        }

        /** A piece in {@code pieces[from, to)} the peer has, looking from a random place and wrapping; -1 if none. */
        int scan(int from, int to, Bitfield peerHas) {
            int n = to - from;
            int first = random.nextInt(n);
            for (int k = 0; k < n; k++) {
                int i = first + k;
                int piece = pieces[from + (i < n ? i : i - n)];
                if (peerHas.get(piece)) {
                    return piece;
                }
            }
            return -1;
        }

        private void ensureBuckets(int count) {
            if (count <= buckets) {
                return;
            }
            if (count + 1 > start.length) {
                start = Arrays.copyOf(start, Math.max(count + 1, start.length * 2));
            }
            for (int b = buckets + 1; b <= count; b++) {
                start[b] = size;
            }
            buckets = count;
        }

        private void swap(int i, int j) {
            if (i != j) {
                int a = pieces[i];
                int b = pieces[j];
                pieces[i] = b;
                pieces[j] = a;
                pos[b] = i;
                pos[a] = j;
            }
        }
    }
}
