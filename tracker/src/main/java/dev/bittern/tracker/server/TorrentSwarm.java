package dev.bittern.tracker.server;

import java.util.random.RandomGenerator;

/**
 * The swarm of one torrent: its IPv4 and IPv6 peers and its completed-download counter.
 * Not thread-safe; owned by {@link TrackerState}.
 */
final class TorrentSwarm {
    private final InfoHash infoHash;
    private final long hashSeed;
    /** Neighbours in the tracker's announce order; owned by {@link TrackerState}. */
    TorrentSwarm older;
    TorrentSwarm newer;
    private PeerStore v4;
    private PeerStore v6;
    private long completed;

    TorrentSwarm(InfoHash infoHash, long hashSeed) {
        this.infoHash = infoHash;
        this.hashSeed = hashSeed;
    }

    InfoHash infoHash() {
        return infoHash;
    }

    int seeders() {
        return (v4 == null ? 0 : v4.seeds()) + (v6 == null ? 0 : v6.seeds());
    }

    int leechers() {
        return (v4 == null ? 0 : v4.leechers()) + (v6 == null ? 0 : v6.leechers());
    }

    int peers() {
        return seeders() + leechers();
    }

    long completed() {
        return completed;
    }

    /**
     * Records the announce and picks the peers to return.
     *
     * @param bothFamilies whether the answer may carry the other address family too (HTTP can,
     *                     with {@code peers6}; a UDP answer carries only the socket's family)
     */
    AnnounceResult announce(AnnounceRequest request, PeerAddress source, int nowSeconds, int numWant,
                            TrackerLimits limits, RandomGenerator random, boolean bothFamilies) {
        PeerStore own = store(source.isIpv6(), true);
        byte[] endpoint = source.compact();
        int index = own.find(endpoint, 0);
        boolean wasSeed = index >= 0 && own.isSeed(index);
        boolean ids = !request.compact() && !request.noPeerId();
        PeerList peers4 = new PeerList(4, Math.min(numWant, 64), ids);
        PeerList peers6 = new PeerList(16, source.isIpv6() ? Math.min(numWant, 64) : 1, ids);
        if (request.event() == AnnounceEvent.STOPPED) {
            if (index >= 0) {
                own.remove(index);
            }
            return result(limits, peers4, peers6);
        }
        if (request.event() == AnnounceEvent.COMPLETED && !wasSeed) {
            // Counted on the leecher-to-seed transition only, so a repeated "completed" does not inflate it.
            completed++;
        }
        if (index < 0 && own.size() >= limits.maxPeersPerTorrent()) {
            // Drop the oldest eighth at once: the sort behind it is then paid once per many adds.
            own.evictOldest(Math.max(1, limits.maxPeersPerTorrent() / 8));
        }
        index = own.put(endpoint, request.peerId(), nowSeconds, request.isSeed());
        boolean seed = request.isSeed();
        PeerList ownList = source.isIpv6() ? peers6 : peers4;
        own.sample(numWant, seed, index, random, ownList);
        PeerStore other = store(!source.isIpv6(), false);
        if (bothFamilies && other != null && ownList.size() < numWant) {
            other.sample(numWant - ownList.size(), seed, -1, random, source.isIpv6() ? peers4 : peers6);
        }
        return result(limits, peers4, peers6);
    }

    /** Drops peers last seen before the cutoff; returns how many. */
    int expire(int cutoffSeconds) {
        int removed = 0;
        if (v4 != null) {
            removed += v4.expireOlderThan(cutoffSeconds);
        }
        if (v6 != null) {
            removed += v6.expireOlderThan(cutoffSeconds);
        }
        return removed;
    }

    long retainedBytes() {
        return 32 + (v4 == null ? 0 : v4.retainedBytes()) + (v6 == null ? 0 : v6.retainedBytes());
    }

    private AnnounceResult result(TrackerLimits limits, PeerList peers4, PeerList peers6) {
        return new AnnounceResult(limits.intervalSeconds(), limits.intervalSeconds() / 2, seeders(), leechers(),
                completed, peers4, peers6);
    }

    private PeerStore store(boolean ipv6, boolean create) {
        if (ipv6) {
            if (v6 == null && create) {
                v6 = new PeerStore(16, hashSeed);
            }
            return v6;
        }
        if (v4 == null && create) {
            v4 = new PeerStore(4, hashSeed);
        }
        return v4;
    }
}
