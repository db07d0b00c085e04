package dev.bittern.tracker.server;

import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The peers of one torrent for one address family, stored column-wise in flat arrays so a
 * tracked peer costs a few dozen bytes instead of an object graph: its compact endpoint
 * (address + port, exactly the BEP 23 / BEP 7 wire bytes), its 20-byte peer id, and the second
 * it last announced. Peers live densely at indices {@code [0, size)}, seeds first
 * ({@code [0, seeds)}), leechers after, so a uniform random subset of either group is drawn by
 * index without scanning. An open-addressing table (linear probing, backward-shift deletion)
 * maps an endpoint to its index.
 *
 * <p>Not thread-safe: one owner (the {@link TrackerState}) drives it.
 */
final class PeerStore {
    static final int PEER_ID_LENGTH = 20;
    private static final int MIN_CAPACITY = 4;

    private final int stride;
    private final long hashSeed;
    private byte[] endpoints;
    private byte[] peerIds;
    private int[] lastSeen;
    private int[] table;
    private int size;
    private int seeds;

    /** @param addressLength 4 (IPv4) or 16 (IPv6) */
    PeerStore(int addressLength, long hashSeed) {
        if (addressLength != 4 && addressLength != 16) {
            throw new IllegalArgumentException("address length must be 4 or 16: " + addressLength);
        }
        this.stride = addressLength + 2;
        this.hashSeed = hashSeed;
        this.endpoints = new byte[0];
        this.peerIds = new byte[0];
        this.lastSeen = new int[0];
        this.table = new int[0];
    }

    int size() {
        return size;
    }

    int seeds() {
        return seeds;
    }

    int leechers() {
        return size - seeds;
    }

    int stride() {
        return stride;
    }

    boolean isSeed(int index) {
        return index < seeds;
    }

    int lastSeen(int index) {
        return lastSeen[index];
    }

    /** Index of the peer whose compact endpoint is at {@code key[off..off+stride)}, or -1. */
    int find(byte[] key, int off) {
        if (size == 0) {
            return -1;
        }
        int mask = table.length - 1;
        for (int slot = hash(key, off) & mask; ; slot = (slot + 1) & mask) {
            int entry = table[slot];
            if (entry == 0) {
                return -1;
            }
            if (Arrays.equals(endpoints, (entry - 1) * stride, entry * stride, key, off, off + stride)) {
                return entry - 1;
            }
        }
    }

    /**
     * Adds or refreshes a peer and returns its (possibly new) index. The caller enforces the
     * per-torrent limit before adding.
     */
    int put(byte[] endpoint, byte[] peerId, int nowSeconds, boolean seed) {
        int index = find(endpoint, 0);
        if (index < 0) {
            ensureCapacity(size + 1);
            index = size++;
            System.arraycopy(endpoint, 0, endpoints, index * stride, stride);
            insertSlot(index);
            // A new peer lands at the end, among the leechers; move it if it is a seed.
        }
        System.arraycopy(peerId, 0, peerIds, index * PEER_ID_LENGTH, PEER_ID_LENGTH);
        lastSeen[index] = nowSeconds;
        if (seed && index >= seeds) {
            swap(index, seeds);
            index = seeds++;
        } else if (!seed && index < seeds) {
            swap(index, seeds - 1);
            index = --seeds;
        }
        return index;
    }

    void remove(int index) {
        Objects.checkIndex(index, size);
        deleteSlot(index);
        if (index < seeds) {
            int lastSeed = seeds - 1;
            if (index != lastSeed) {
                move(lastSeed, index);
            }
            index = lastSeed;
            seeds--;
        }
        int last = size - 1;
        if (index != last) {
            move(last, index);
        }
        size--;
    }

    /** Removes every peer last seen before {@code cutoffSeconds}; returns how many. */
    int expireOlderThan(int cutoffSeconds) {
        int removed = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (i < size && lastSeen[i] < cutoffSeconds) {
                remove(i);
                removed++;
                // Walking downwards: whatever remove() moved into i came from an index already
                // visited, so nothing is skipped.
            }
        }
        shrinkIfSparse();
        return removed;
    }

    /**
     * Makes room by dropping the oldest peers: at least {@code count}, those last seen earliest
     * (ties broken arbitrarily). Evicting a batch keeps the cost of a full torrent amortised.
     */
    int evictOldest(int count) {
        if (count <= 0 || size == 0) {
            return 0;
        }
        count = Math.min(count, size);
        int[] sorted = Arrays.copyOf(lastSeen, size);
        Arrays.sort(sorted);
        int cutoff = sorted[count - 1];
        int removed = 0;
        for (int i = size - 1; i >= 0; i--) {
            if (i < size && lastSeen[i] < cutoff) {
                remove(i);
                removed++;
            }
        }
        for (int i = size - 1; i >= 0 && removed < count; i--) {
            if (i < size && lastSeen[i] == cutoff) {
                remove(i);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Writes a uniformly random subset of at most {@code max} peers into {@code out}: from the
     * leechers only when {@code leechersOnly} (seeds need no seeds), never the peer at
     * {@code exclude} (the announcer; -1 for none).
     */
    void sample(int max, boolean leechersOnly, int exclude, RandomGenerator random, PeerList out) {
        int lo = leechersOnly ? seeds : 0;
        int hi = size;
        boolean skip = exclude >= lo && exclude < hi;
        int available = hi - lo - (skip ? 1 : 0);
        if (available <= 0 || max <= 0) {
            return;
        }
        if (max >= available) {
            for (int i = lo; i < hi; i++) {
                if (i != exclude) {
                    out.add(endpoints, i * stride, peerIds, i * PEER_ID_LENGTH);
                }
            }
            return;
        }
        // Floyd's algorithm: max distinct values of [0, available), each subset equally likely.
        if (available <= 16_384) {
            // Membership in a bitset (cheap to clear), and the chosen peers copied afterwards in
            // index order: the same random subset, but read front to back through the endpoint
            // array, which the CPU prefetches, instead of one cache miss per peer in random order.
            long[] bits = new long[(available + 63) >>> 6];
            for (int j = available - max; j < available; j++) {
                int t = random.nextInt(j + 1);
                int pick = (bits[t >>> 6] & (1L << t)) == 0 ? t : j;
                bits[pick >>> 6] |= 1L << pick;
            }
            for (int w = 0; w < bits.length; w++) {
                for (long word = bits[w]; word != 0; word &= word - 1) {
                    addChosen(lo + (w << 6) + Long.numberOfTrailingZeros(word), skip, exclude, out);
                }
            }
            return;
        }
        // A large swarm: a small hash set instead of a bitset over all of it.
        int[] chosen = new int[Integer.highestOneBit(max * 2 - 1) << 1];
        Arrays.fill(chosen, -1);
        for (int j = available - max; j < available; j++) {
            int t = random.nextInt(j + 1);
            int pick = addIfAbsent(chosen, t) ? t : j;
            if (pick == j) {
                addIfAbsent(chosen, j);
            }
            addChosen(lo + pick, skip, exclude, out);
        }
    }

    /** Adds the peer at {@code index} of the sampled range, shifted past the excluded announcer. */
    private void addChosen(int index, boolean skip, int exclude, PeerList out) {
        if (skip && index >= exclude) {
            index++;
        }
        out.add(endpoints, index * stride, peerIds, index * PEER_ID_LENGTH);
    }

    /** Approximate heap bytes held by this store's arrays (for the memory figure). */
    long retainedBytes() {
        return 4L * 16 + endpoints.length + peerIds.length + 4L * lastSeen.length + 4L * table.length;
    }

    private static boolean addIfAbsent(int[] set, int value) {
        int mask = set.length - 1;
        for (int slot = (value * 0x9E3779B1) >>> 7 & mask; ; slot = (slot + 1) & mask) {
            if (set[slot] == value) {
                return false;
            }
            if (set[slot] == -1) {
                set[slot] = value;
                return true;
            }
        }
    }

    private void swap(int a, int b) {
        if (a == b) {
            return;
        }
        int slotA = slotOf(a);
        int slotB = slotOf(b);
        byte[] tmp = new byte[Math.max(stride, PEER_ID_LENGTH)];
        swapRange(endpoints, a * stride, b * stride, stride, tmp);
        swapRange(peerIds, a * PEER_ID_LENGTH, b * PEER_ID_LENGTH, PEER_ID_LENGTH, tmp);
        int t = lastSeen[a];
        lastSeen[a] = lastSeen[b];
        lastSeen[b] = t;
        table[slotA] = b + 1;
        table[slotB] = a + 1;
    }

    private static void swapRange(byte[] array, int a, int b, int length, byte[] tmp) {
        System.arraycopy(array, a, tmp, 0, length);
        System.arraycopy(array, b, array, a, length);
        System.arraycopy(tmp, 0, array, b, length);
    }

    /** Moves the peer at {@code from} into the free index {@code to} (its slot already deleted). */
    private void move(int from, int to) {
        int slot = slotOf(from);
        System.arraycopy(endpoints, from * stride, endpoints, to * stride, stride);
        System.arraycopy(peerIds, from * PEER_ID_LENGTH, peerIds, to * PEER_ID_LENGTH, PEER_ID_LENGTH);
        lastSeen[to] = lastSeen[from];
        table[slot] = to + 1;
    }

    private int slotOf(int index) {
        int mask = table.length - 1;
        for (int slot = hash(endpoints, index * stride) & mask; ; slot = (slot + 1) & mask) {
            if (table[slot] == index + 1) {
                return slot;
            }
            if (table[slot] == 0) {
                throw new IllegalStateException("peer " + index + " missing from the index table");
            }
        }
    }

    private void insertSlot(int index) {
        int mask = table.length - 1;
        int slot = hash(endpoints, index * stride) & mask;
        while (table[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        table[slot] = index + 1;
    }

    /** Backward-shift deletion keeps every probe chain unbroken without tombstones. */
    private void deleteSlot(int index) {
        int mask = table.length - 1;
        int hole = slotOf(index);
        for (int j = (hole + 1) & mask; table[j] != 0; j = (j + 1) & mask) {
            int home = hash(endpoints, (table[j] - 1) * stride) & mask;
            // Move the entry at j into the hole unless its home lies cyclically in (hole, j].
            boolean homeBetween = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!homeBetween) {
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = 0;
    }

    private void ensureCapacity(int needed) {
        if (needed <= lastSeen.length) {
            return;
        }
        resize(Math.max(MIN_CAPACITY, Math.max(needed, lastSeen.length + (lastSeen.length >> 1))));
    }

    private void shrinkIfSparse() {
        if (size == 0) {
            resize(0);
        } else if (lastSeen.length > MIN_CAPACITY && size < lastSeen.length / 4) {
            resize(Math.max(MIN_CAPACITY, size * 2));
        }
    }

    private void resize(int capacity) {
        endpoints = Arrays.copyOf(endpoints, capacity * stride);
        peerIds = Arrays.copyOf(peerIds, capacity * PEER_ID_LENGTH);
        lastSeen = Arrays.copyOf(lastSeen, capacity);
        // Load factor at most 1/2 keeps linear probing chains short.
        table = new int[capacity == 0 ? 0 : Integer.highestOneBit(capacity * 2 - 1) << 1];
        for (int i = 0; i < size; i++) {
            insertSlot(i);
        }
    }

    private int hash(byte[] key, int off) {
        long h = hashSeed;
        for (int i = 0; i < stride; i++) {
            h = (h ^ (key[off + i] & 0xFF)) * 0x100000001B3L;
        }
        // Murmur3 finaliser: spreads the FNV state over all bits before masking.
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }
}
