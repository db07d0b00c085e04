package dev.bittern.engine;

import dev.bittern.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Who we upload to: BitTorrent's tit-for-tat choking policy. Pure: the event loop passes a
 * snapshot of its peers and gets back the set to unchoke and when to ask again.
 *
 * <p>Lecture notes, slide "2.6.1 Bittorrent – Choked-Bit": the choked bit limits how many
 * uploads run at once; the 4 connections we download fastest from are unchoked; they are
 * re-chosen only every 10 seconds so connections are not choked and unchoked all the time; and
 * "optimistic unchoking" gives each connection in turn 30 seconds to prove itself. Cohen 2003,
 * "Incentives Build Robustness in BitTorrent", section 3 adds the details implemented here:
 * <ul>
 * <li>Regular unchokes (3.2): the {@code regularSlots} interested peers with the best rate to us
 *     (a rolling 20-second average, see {@link RateMeter}), re-decided every {@code round}.</li>
 * <li>Optimistic unchoke (3.3): one extra choked, interested peer (on top of the regular slots), rotated every
 *     {@code optimisticPeriod}; "newly connected peers are three times as likely to start as the
 *     current optimistic unchoke as anywhere else in the rotation".</li>
 * <li>Anti-snubbing (3.4): a peer that sent us no block for {@code snubTimeout} while we were
 *     interested gets no regular slot ("doesn't upload to it except as an optimistic unchoke").</li>
 * <li>Upload only (3.5): when seeding, slots go by the rate we upload to peers. To serve every
 *     interested peer, a peer keeps its seeding slot at most {@code seedSlotTime}; then the
 *     longest-waiting peers take over (round robin, as libtorrent's seeding choker does).</li>
 * </ul>
 * Between rounds a slot is never left idle: a peer that leaves or loses interest gives its slot up
 * at once, and it goes to the best choked candidate by the same order (so in tit-for-tat the peer
 * that uploads to us fastest, never a free-rider while a contributor waits). And when the caller
 * says how much of its upload limit it uses ({@code uploadUse}), one more regular slot opens per
 * {@code round / 10} while the use is below {@link #OPEN_BELOW} (best candidate first, while a
 * choked one is interested), and one opened that way closes again (worst peer first) while it is
 * above {@link #CLOSE_ABOVE}: peers unchoked by us need not want what we have right now, and fixed
 * slots would then leave a limited upload idle (libtorrent's {@code auto_upload_slots} did the
 * same: "if the upload rate is below the limit, open more slots"). Closing them again as soon as
 * the limit is reached keeps tit-for-tat biting where upload is scarce: a free-rider, last in the
 * order, only gets a slot that nobody else could use.
 *
 * @param <P> the peer key; needs value equality
 */
public final class Choker<P> {
    /** Tunables; {@link #DEFAULTS} are the values of the lecture notes and Cohen 2003. */
    public record Settings(int regularSlots, boolean optimisticUnchoke, Duration round, Duration optimisticPeriod,
                           Duration snubTimeout, Duration newPeerAge, int newPeerWeight, Duration seedSlotTime) {
        /**
         * A seeding slot lasts one round: libtorrent rotates after 20 pieces (5 MiB at 256 KiB), about 6 s
         * at the swarm demo's rates; with 30 s, measured, some leechers got nothing from the seed for 40 s
         * while free-riders kept its slots.
         */
        public static final Settings DEFAULTS = new Settings(4, true, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 3, Duration.ofSeconds(10));

        public Settings {
            if (regularSlots < 0 || newPeerWeight < 1 || round.isNegative() || round.isZero()
                    || optimisticPeriod.isNegative() || optimisticPeriod.isZero()) {
                throw new IllegalArgumentException("invalid choker settings");
            }
        }

        public Settings withRegularSlots(int slots) {
            return new Settings(slots, optimisticUnchoke, round, optimisticPeriod, snubTimeout, newPeerAge, newPeerWeight, seedSlotTime);
        }
    }

    public enum Mode { LEECHING, SEEDING }

    /**
     * What the choker needs to know about one connected peer.
     *
     * @param interestedInUs       the peer sent interested (BEP 3)
     * @param weAreInterested      we sent interested
     * @param downloadRate         bytes/s the peer sends us
     * @param uploadRate           bytes/s we send the peer
     * @param connectedAtNanos     {@link Clock#nanoTime()} when the connection was established
     * @param lastBlockAtNanos     when the peer last sent us a block, or {@code connectedAtNanos} if never
     */
    public record PeerView<P>(P peer, boolean interestedInUs, boolean weAreInterested, double downloadRate, double uploadRate,
                              long connectedAtNanos, long lastBlockAtNanos) {
    }

    /**
     * The outcome of {@link #decide}: unchoke exactly {@link #unchoked()} (choke everyone else),
     * and call again at {@code nextWakeNanos}.
     */
    public record Decision<P>(Set<P> regular, Optional<P> optimistic, long nextWakeNanos) {
        public Set<P> unchoked() {
            Set<P> all = new LinkedHashSet<>(regular);
            optimistic.ifPresent(all::add);
            return all;
        }
    }

    private final Settings settings;
    private final Clock clock;
    private final RandomGenerator random;
    private Set<P> regular = new LinkedHashSet<>();
    private P optimistic;
    private boolean started;
    private long nextRoundAt;
    private long nextOptimisticAt;
    /** Regular slots opened beyond {@code regularSlots} because the upload limit was not reached. */
    private int extraSlots;
    private long nextSlotChangeAt;
    /** Below this share of the upload limit a slot opens, above {@link #CLOSE_ABOVE} one closes. */
    public static final double OPEN_BELOW = 0.9;
    public static final double CLOSE_ABOVE = 0.97;
    /** When each regularly unchoked peer got its slot (for the seeding rotation). */
    private final Map<P, Long> unchokedSince = new HashMap<>();
    /** When each peer last lost its slot; absent = never unchoked, which counts as waiting longest. */
    private final Map<P, Long> chokedSince = new HashMap<>();

    public Choker(Settings settings, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.clock = clock;
        this.random = random;
    }

    /** {@link #decide(Collection, Mode, double)} without an upload limit: fixed slots. */
    public Decision<P> decide(Collection<PeerView<P>> peers, Mode mode) {
        return decide(peers, mode, Double.NaN);
    }

    /**
     * The unchoke set for the connected {@code peers}. Between rounds it keeps the previous
     * decision, minus peers that left or lost interest, with free slots filled; so callers may
     * call it on every event.
     *
     * @param uploadUse our recent upload rate as a share of our upload limit; NaN without a limit
     */
    public Decision<P> decide(Collection<PeerView<P>> peers, Mode mode, double uploadUse) {
        long now = clock.nanoTime();
        Map<P, PeerView<P>> byPeer = new LinkedHashMap<>();
        for (PeerView<P> v : peers) {
            byPeer.put(v.peer(), v);
        }
        regular.retainAll(byPeer.keySet());
        unchokedSince.keySet().retainAll(byPeer.keySet());
        chokedSince.keySet().retainAll(byPeer.keySet());
        if (optimistic != null && !byPeer.containsKey(optimistic)) {
            optimistic = null;
        }
        boolean round = !started || now - nextRoundAt >= 0;
        if (Double.isNaN(uploadUse) || settings.regularSlots() == 0) {
            extraSlots = 0;
        } else if (now - nextSlotChangeAt >= 0) {
            if (uploadUse < OPEN_BELOW && regular.size() >= regularSlots() && hasChokedCandidate(byPeer.values(), mode, now)) {
                extraSlots++;
                nextSlotChangeAt = now + settings.round().toNanos() / 10;
            } else if (uploadUse > CLOSE_ABOVE && extraSlots > 0) {
                extraSlots--;
                nextSlotChangeAt = now + settings.round().toNanos() / 10;
            }
        }
        if (round) {
            regularRound(byPeer.values(), mode, now);
            nextRoundAt = now + settings.round().toNanos();
        } else {
            for (P p : List.copyOf(regular)) {
                if (!byPeer.get(p).interestedInUs()) {
                    regular.remove(p);
                    unchokedSince.remove(p);
                    chokedSince.put(p, now);
                }
            }
            if (mode == Mode.LEECHING) {
                displaceNonReciprocating(byPeer, now);
            }
        }
        fitSlots(byPeer.values(), mode, now);
        boolean rotate = !started || now - nextOptimisticAt >= 0;
        boolean optimisticInvalid = optimistic == null || regular.contains(optimistic) || !byPeer.get(optimistic).interestedInUs();
        if (rotate) {
            optimistic = pickOptimistic(byPeer.values(), now, optimistic);
            nextOptimisticAt = now + settings.optimisticPeriod().toNanos();
        } else if (optimisticInvalid) {
            // The optimistic peer left, lost interest or earned a regular slot: the next one gets a full period.
            optimistic = pickOptimistic(byPeer.values(), now, null);
            if (optimistic != null) {
                nextOptimisticAt = now + settings.optimisticPeriod().toNanos();
            }
        }
        started = true;
        long wake = nextRoundAt - nextOptimisticAt < 0 ? nextRoundAt : nextOptimisticAt;
        return new Decision<>(Set.copyOf(regular), Optional.ofNullable(optimistic), wake);
    }

    /** Cohen 2003, 3.4: no block for a minute while we wanted some. */
    public boolean isSnubbed(PeerView<P> v, long now) {
        long last = Math.max(v.lastBlockAtNanos(), v.connectedAtNanos());
        return v.weAreInterested() && now - last >= settings.snubTimeout().toNanos();
    }

    /** Regular slots now: the configured ones plus those opened for unused upload capacity. */
    public int regularSlots() {
        return settings.regularSlots() + extraSlots;
    }

    /**
     * Whether {@code v} may hold a slot beyond the configured {@code regularSlots}. While leeching
     * only a peer that uploads to us does: spare upload goes to those who reciprocate (tit-for-tat,
     * Cohen 2003, 3.2), so a free-rider's only way in stays the optimistic unchoke (3.3) or one of
     * the configured slots that no uploader wanted. Without this, auto slots served free-riders as
     * well as contributors whenever pieces to trade were short (measured: a free-rider was unchoked
     * by 6 of 7 contributors and finished before them). A peer connected for less than a round has
     * had no chance to upload yet, and one that has nothing we want now cannot reciprocate now: neither
     * is held to it, so spare upload still serves them (a swarm without free-riders keeps its upload
     * busy). The second only if it has sent us a block before: a free-rider has nothing we want as soon
     * as its few pieces are common, and took these slots from 4-7 of 10 contributors (measured).
     */
    private boolean mayTakeExtraSlot(PeerView<P> v, Mode mode, long now) {
        return mode == Mode.SEEDING || v.downloadRate() > 0
                || (!v.weAreInterested() && v.lastBlockAtNanos() != v.connectedAtNanos())
                || now - v.connectedAtNanos() < settings.round().toNanos();
    }

    private boolean mayTakeSlot(int taken, PeerView<P> v, Mode mode, long now) {
        return taken < regularSlots() && (taken < settings.regularSlots() || mayTakeExtraSlot(v, mode, now));
    }

    private boolean eligible(PeerView<P> v, Mode mode, long now) {
        return v.interestedInUs() && (mode == Mode.SEEDING || !isSnubbed(v, now));
    }

    private boolean hasChokedCandidate(Collection<PeerView<P>> peers, Mode mode, long now) {
        for (PeerView<P> v : peers) {
            if (v.interestedInUs() && !regular.contains(v.peer()) && !v.peer().equals(optimistic) && mayTakeExtraSlot(v, mode, now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Between rounds, a regular slot held by a peer that sends us nothing goes to a choked peer that
     * does. The 10-second round keeps slots stable among peers that reciprocate (Cohen 2003, 3.2: no
     * "fibrillation"); a slot that went to a non-uploader only because no uploader wanted one at the
     * round was never earned. Measured without this: a free-rider kept such a slot for the rest of the
     * round while two contributors sending us 180 and 250 KiB/s stayed choked.
     */
    private void displaceNonReciprocating(Map<P, PeerView<P>> byPeer, long now) {
        List<PeerView<P>> holders = new ArrayList<>();
        for (P p : regular) {
            PeerView<P> v = byPeer.get(p);
            if (v.downloadRate() <= 0) {
                holders.add(v);
            }
        }
        if (holders.isEmpty()) {
            return;
        }
        List<PeerView<P>> challengers = new ArrayList<>();
        for (PeerView<P> v : byPeer.values()) {
            if (v.downloadRate() > 0 && eligible(v, Mode.LEECHING, now) && !regular.contains(v.peer()) && !v.peer().equals(optimistic)) {
                challengers.add(v);
            }
        }
        challengers.sort(order(Mode.LEECHING, now));
        holders.sort(order(Mode.LEECHING, now).reversed());
        for (int i = 0; i < Math.min(holders.size(), challengers.size()); i++) {
            P out = holders.get(i).peer();
            P in = challengers.get(i).peer();
            regular.remove(out);
            unchokedSince.remove(out);
            chokedSince.put(out, now);
            regular.add(in);
            unchokedSince.put(in, now);
            chokedSince.remove(in);
        }
    }

    /**
     * Between rounds: free regular slots go to the best choked candidates, in the round's order;
     * slots closed since are taken from the worst regular peers.
     */
    private void fitSlots(Collection<PeerView<P>> peers, Mode mode, long now) {
        if (regular.size() > regularSlots()) {
            List<PeerView<P>> held = new ArrayList<>();
            for (PeerView<P> v : peers) {
                if (regular.contains(v.peer())) {
                    held.add(v);
                }
            }
            held.sort(order(mode, now));
            for (int i = held.size() - 1; i >= 0 && regular.size() > regularSlots(); i--) {
                P p = held.get(i).peer();
                regular.remove(p);
                unchokedSince.remove(p);
                chokedSince.put(p, now);
            }
            return;
        }
        if (regular.size() == regularSlots()) {
            return;
        }
        List<PeerView<P>> candidates = new ArrayList<>();
        for (PeerView<P> v : peers) {
            if (eligible(v, mode, now) && !regular.contains(v.peer())) {
                candidates.add(v);
            }
        }
        candidates.sort(order(mode, now));
        for (int i = 0; i < candidates.size() && mayTakeSlot(regular.size(), candidates.get(i), mode, now); i++) {
            P p = candidates.get(i).peer();
            regular.add(p);
            unchokedSince.put(p, now);
            chokedSince.remove(p);
        }
    }

    private void regularRound(Collection<PeerView<P>> peers, Mode mode, long now) {
        List<PeerView<P>> candidates = new ArrayList<>();
        for (PeerView<P> v : peers) {
            if (eligible(v, mode, now)) {
                candidates.add(v);
            }
        }
        candidates.sort(order(mode, now));
        Set<P> next = new LinkedHashSet<>();
        for (int i = 0; i < candidates.size() && mayTakeSlot(next.size(), candidates.get(i), mode, now); i++) {
            next.add(candidates.get(i).peer());
        }
        for (P p : regular) {
            if (!next.contains(p)) {
                unchokedSince.remove(p);
                chokedSince.put(p, now);
            }
        }
        for (P p : next) {
            if (!regular.contains(p)) {
                unchokedSince.put(p, now);
            }
        }
        regular = next;
    }

    private Comparator<PeerView<P>> order(Mode mode, long now) {
        Comparator<PeerView<P>> order;
        if (mode == Mode.LEECHING) {
            // Tit-for-tat: reciprocate to whoever gives us the most. Among equal rates (mostly 0: in a
            // swarm each peer uploads to only a few others) a peer that ever sent us a block comes before
            // one that never did, so a free-rider gets no configured slot a contributor could have
            // (measured: free-riders held one in 40% of rounds and finished before contributors).
            // Remaining ties keep current slots (fewer flips).
            order = Comparator.comparingDouble((PeerView<P> v) -> -v.downloadRate())
                    .thenComparing(v -> v.lastBlockAtNanos() == v.connectedAtNanos())
                    .thenComparing(v -> !regular.contains(v.peer()))
                    .thenComparingLong(PeerView::connectedAtNanos);
        } else {
            long slotTime = settings.seedSlotTime().toNanos();
            // Peers still within their slot time keep it, fastest first; then whoever waited longest.
            order = Comparator.comparing((PeerView<P> v) -> !(regular.contains(v.peer()) && now - unchokedSince.get(v.peer()) < slotTime))
                    .thenComparingLong(v -> regular.contains(v.peer()) ? Long.MAX_VALUE : chokedSince.getOrDefault(v.peer(), Long.MIN_VALUE))
                    .thenComparingDouble(v -> -v.uploadRate())
                    .thenComparingLong(PeerView::connectedAtNanos);
        }
        return order;
    }

    /**
     * A weighted random choice among choked, interested peers; new peers weigh
     * {@code newPeerWeight} (Cohen: three times as likely). The outgoing optimistic peer is
     * only chosen again if it is the only candidate.
     */
    private P pickOptimistic(Collection<PeerView<P>> peers, long now, P outgoing) {
        if (!settings.optimisticUnchoke()) {
            return null;
        }
        List<PeerView<P>> candidates = new ArrayList<>();
        long total = 0;
        for (PeerView<P> v : peers) {
            if (v.interestedInUs() && !regular.contains(v.peer()) && !v.peer().equals(outgoing)) {
                candidates.add(v);
                total += weight(v, now);
            }
        }
        if (candidates.isEmpty()) {
            return outgoing != null && peers.stream().anyMatch(v -> v.peer().equals(outgoing) && v.interestedInUs()
                    && !regular.contains(outgoing)) ? outgoing : null;
        }
        long ticket = random.nextLong(total);
        for (PeerView<P> v : candidates) {
            ticket -= weight(v, now);
            if (ticket < 0) {
                return v.peer();
            }
        }
        throw new IllegalStateException("weights did not add up");
    }

    private int weight(PeerView<P> v, long now) {
        return now - v.connectedAtNanos() < settings.newPeerAge().toNanos() ? settings.newPeerWeight() : 1;
    }
}
