package dev.bittern.tracker.server;

import dev.bittern.time.Clock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The whole tracker as a sans-I/O object: swarms keyed by info-hash, fed with decoded announces
 * and scrapes and a {@link Clock}; the HTTP and UDP adapters only translate bytes. Expiry runs
 * when the owner calls {@link #expire()} at {@link #nextExpiryNanos()}.
 *
 * <p>Not thread-safe: exactly one owner at a time (the server serialises access with one lock;
 * no I/O happens inside).
 */
public final class TrackerState {
    private final Clock clock;
    private final TrackerLimits limits;
    private final Optional<Set<InfoHash>> allowList;
    private final RandomGenerator random;
    private final long hashSeed;
    private final long originNanos;
    private final HashMap<InfoHash, TorrentSwarm> swarms = new HashMap<>();
    // The swarms in announce order, linked through the swarms themselves (an announce moves its
    // swarm to the newest end), so the least recently announced torrent is the first to go when
    // the limit is hit; scrapes do not reorder. One map lookup per announce: a LinkedHashMap
    // would need a remove and a put (two lookups and a new entry) to reorder.
    private TorrentSwarm oldest;
    private TorrentSwarm newest;
    private long nextExpiryNanos;
    private long announces;
    private long scrapes;
    private long expiredPeers;
    private long evictedTorrents;

    /**
     * @param allowList when present, only these info-hashes are tracked; others get a failure reason
     */
    public TrackerState(Clock clock, TrackerLimits limits, Optional<Set<InfoHash>> allowList, RandomGenerator random) {
        this.clock = clock;
        this.limits = limits;
        this.allowList = allowList.map(Set::copyOf);
        this.random = random;
        this.hashSeed = random.nextLong();
        this.originNanos = clock.nanoTime();
        this.nextExpiryNanos = originNanos + expirySweepNanos();
    }

    public TrackerLimits limits() {
        return limits;
    }

    /**
     * Records an announce from {@code source} (already the connection's address, or the claimed
     * one if the adapter trusts it) and returns the answer.
     *
     * @throws TrackerRequestException when the info-hash is not on the allow-list
     */
    public AnnounceResult announce(AnnounceRequest request, PeerAddress source, boolean bothFamilies) {
        TorrentSwarm swarm = swarms.get(request.infoHash());
        if (swarm == null) {
            // A tracked swarm passed this check when it was created; only a new one needs it.
            checkAllowed(request.infoHash());
        }
        announces++;
        if (swarm != null) {
            if (swarm != newest) {
                unlink(swarm);
                linkNewest(swarm);
            }
        } else {
            if (request.event() == AnnounceEvent.STOPPED) {
                return new AnnounceResult(limits.intervalSeconds(), limits.intervalSeconds() / 2, 0, 0, 0,
                        new PeerList(4, 0), new PeerList(16, 0));
            }
            if (swarms.size() >= limits.maxTorrents()) {
                TorrentSwarm eldest = oldest;
                swarms.remove(eldest.infoHash());
                unlink(eldest);
                evictedTorrents++;
            }
            swarm = new TorrentSwarm(request.infoHash(), hashSeed);
            swarms.put(request.infoHash(), swarm);
            linkNewest(swarm);
        }
        int numWant = Math.min(request.numWant().orElse(limits.defaultNumWant()), limits.maxNumWant());
        return swarm.announce(request, source, nowSeconds(), Math.max(0, numWant), limits, random, bothFamilies);
    }

    private void unlink(TorrentSwarm s) {
        if (s.older == null) {
            oldest = s.newer;
        } else {
            s.older.newer = s.newer;
        }
        if (s.newer == null) {
            newest = s.older;
        } else {
            s.newer.older = s.older;
        }
        s.older = null;
        s.newer = null;
    }

    private void linkNewest(TorrentSwarm s) {
        s.older = newest;
        if (newest == null) {
            oldest = s;
        } else {
            newest.newer = s;
        }
        newest = s;
    }

    /**
     * Scrape figures for each requested info-hash (zeros for one not seen yet).
     *
     * @throws TrackerRequestException when there are too many hashes or one is not on the allow-list
     */
    public List<ScrapeEntry> scrape(List<InfoHash> infoHashes) {
        if (infoHashes.isEmpty()) {
            throw new TrackerRequestException("info_hash", "at least one info_hash is required (no full scrape)");
        }
        if (infoHashes.size() > limits.maxScrapeHashes()) {
            throw new TrackerRequestException("info_hash",
                    "at most " + limits.maxScrapeHashes() + " info-hashes per scrape, got " + infoHashes.size());
        }
        infoHashes.forEach(this::checkAllowed);
        scrapes++;
        List<ScrapeEntry> out = new ArrayList<>(infoHashes.size());
        for (InfoHash h : infoHashes) {
            TorrentSwarm s = swarms.get(h);
            out.add(s == null ? new ScrapeEntry(h, 0, 0, 0) : new ScrapeEntry(h, s.seeders(), s.leechers(), s.completed()));
        }
        return out;
    }

    /** Scrape figures for one torrent (for the index page); zeros when not tracked. */
    public ScrapeEntry figures(InfoHash infoHash) {
        TorrentSwarm s = swarms.get(infoHash);
        return s == null ? new ScrapeEntry(infoHash, 0, 0, 0) : new ScrapeEntry(infoHash, s.seeders(), s.leechers(), s.completed());
    }

    /** When the owner should call {@link #expire()} next (clock nanos). */
    public long nextExpiryNanos() {
        return nextExpiryNanos;
    }

    /**
     * Drops peers that have not announced for two intervals (BEP 3 leaves timing to the tracker;
     * two intervals tolerates one lost announce), and swarms left with nothing to report.
     */
    public int expire() {
        int cutoff = nowSeconds() - 2 * limits.intervalSeconds();
        int removed = 0;
        for (Iterator<TorrentSwarm> it = swarms.values().iterator(); it.hasNext(); ) {
            TorrentSwarm s = it.next();
            removed += s.expire(cutoff);
            if (s.peers() == 0 && s.completed() == 0) {
                it.remove();
                unlink(s);
            }
        }
        expiredPeers += removed;
        nextExpiryNanos = clock.nanoTime() + expirySweepNanos();
        return removed;
    }

    public TrackerStats stats() {
        long seeders = 0;
        long leechers = 0;
        long completed = 0;
        for (TorrentSwarm s : swarms.values()) {
            seeders += s.seeders();
            leechers += s.leechers();
            completed += s.completed();
        }
        return new TrackerStats(swarms.size(), seeders, leechers, completed, announces, scrapes, expiredPeers,
                evictedTorrents);
    }

    /** Heap bytes held by the peer stores (arrays), for the memory-per-peer figure. */
    public long retainedPeerBytes() {
        long sum = 0;
        for (TorrentSwarm s : swarms.values()) {
            sum += s.retainedBytes();
        }
        return sum;
    }

    private void checkAllowed(InfoHash h) {
        if (allowList.isPresent() && !allowList.get().contains(h)) {
            throw new TrackerRequestException("info_hash", "torrent " + h.hex() + " is not tracked here");
        }
    }

    private int nowSeconds() {
        return (int) ((clock.nanoTime() - originNanos) / 1_000_000_000L);
    }

    private long expirySweepNanos() {
        // Sweeping four times per interval bounds how long past two intervals a dead peer lingers.
        return Math.max(1, limits.intervalSeconds() / 4) * 1_000_000_000L;
    }
}
