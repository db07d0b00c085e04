package dev.bittern.engine;

import dev.bittern.wire.Bitfield;
import dev.bittern.wire.PieceLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Decides which blocks to request from which peer. Pure and single-owner: the torrent's event
 * loop feeds it what peers announce and what arrives, and asks it for requests.
 *
 * <p>The policies follow Cohen 2003, "Incentives Build Robustness in BitTorrent", section 2
 * (piece selection), which the lecture notes' BitTorrent slides summarise:
 * <ul>
 * <li><b>Strict priority</b>: once a block of a piece is requested, the rest of that piece comes
 *     before any new piece, so complete (verifiable, shareable) pieces appear quickly.</li>
 * <li><b>Rarest first</b>: among the pieces a peer has, start the one the fewest connected peers
 *     have (ties broken at random, so peers do not all chase the same piece). This keeps rare
 *     pieces alive and makes us interesting to others.</li>
 * <li><b>Random first piece</b>: until {@link #RANDOM_FIRST_PIECES} pieces are complete, pick at
 *     random instead: rare pieces come slowly, and a newcomer needs something to trade soon.</li>
 * <li><b>Endgame mode</b>: once every missing block is requested, request the outstanding ones
 *     from every peer that has them, and cancel the duplicates as blocks arrive, so one slow
 *     peer does not hold up the finish.</li>
 * </ul>
 * Pieces with priority {@link PiecePriorities#SKIP} (files not selected) are never requested;
 * a higher priority beats rarity.
 *
 * @param <P> the peer key (a connection id); needs value equality
 */
public final class PiecePicker<P> {
    /** Cohen 2003: "the first few pieces" are picked at random; libtorrent uses 4. */
    public static final int RANDOM_FIRST_PIECES = 4;
    /** Blocks already requested elsewhere that one otherwise idle peer is asked for at a time. */
    static final int BUSY_BLOCKS = 2;

    private static final byte FREE = 0;
    private static final byte REQUESTED = 1;
    private static final byte RECEIVED = 2;

    private final PieceLayout layout;
    private final int pieceCount;
    private final int[] availability;
    private final Bitfield have;
    private final int[] priority;
    private final Partial[] partialByPiece;
    private final Map<Integer, Partial> partials = new HashMap<>();
    private final Map<P, PeerState> peers = new HashMap<>();
    /** Pieces wanted (priority > 0), not had, with no partial state: what "start a new piece" can choose from. */
    private final RarestFirstOrder unstarted;
    private boolean endgame;

    public PiecePicker(PieceLayout layout, RandomGenerator random) {
        this.layout = layout;
        this.pieceCount = layout.pieceCount();
        this.availability = new int[pieceCount];
        this.have = new Bitfield(pieceCount);
        this.priority = new int[pieceCount];
        Arrays.fill(priority, PiecePriorities.NORMAL);
        this.partialByPiece = new Partial[pieceCount];
        this.unstarted = new RarestFirstOrder(pieceCount, random);
        for (int i = 0; i < pieceCount; i++) {
            unstarted.add(i, PiecePriorities.NORMAL, 0);
        }
    }

    /** What happened to a received block. */
    public enum Status {
        /** A block we needed; its piece is not complete yet. */
        ACCEPTED,
        /** The last missing block: the piece is ready to be hashed ({@link #pieceVerified}/{@link #pieceFailed}). */
        PIECE_COMPLETE,
        /** We already had this block (an endgame race or a late answer to a cancelled request). */
        DUPLICATE,
        /** Not a block of this torrent's geometry, or of a skipped piece: drop the data. */
        NOT_WANTED
    }

    /** A request to cancel on a peer: in endgame, other peers asked for a block that has just arrived. */
    public record PeerBlock<P>(P peer, Block block) {
    }

    /** Result of {@link #blockReceived}: what to do with the data, and which duplicate requests to cancel. */
    public record Receipt<P>(Status status, List<PeerBlock<P>> cancels) {
        public boolean isUseful() {
            return status == Status.ACCEPTED || status == Status.PIECE_COMPLETE;
        }
    }

    // ---- what we have and want ----

    /** Marks a piece as verified and stored (also for pieces found on disk at start). */
    public void pieceVerified(int piece) {
        check(piece);
        if (have.get(piece)) {
            return;
        }
        dropPartial(piece);
        unstarted.remove(piece);
        have.set(piece);
    }

    /** The piece failed its hash check: all its blocks are needed again (Cohen: the piece is re-downloaded). */
    public void pieceFailed(int piece) {
        check(piece);
        if (dropPartial(piece) != null && priority[piece] > 0 && !have.get(piece)) {
            unstarted.add(piece, priority[piece], availability[piece]);
            endgame = false;
        }
    }

    /** Sets a piece's priority; {@link PiecePriorities#SKIP} means never request it. */
    public void setPriority(int piece, int prio) {
        check(piece);
        if (prio < PiecePriorities.SKIP || prio > PiecePriorities.MAX) {
            throw new IllegalArgumentException("priority outside 0.." + PiecePriorities.MAX + ": " + prio);
        }
        priority[piece] = prio;
        if (!have.get(piece) && partialByPiece[piece] == null) {
            unstarted.remove(piece);
            if (prio > 0) {
                unstarted.add(piece, prio, availability[piece]);
            }
        }
        if (prio > 0) {
            endgame = false;
        }
    }

    public void setPriorities(int[] priorities) {
        if (priorities.length != pieceCount) {
            throw new IllegalArgumentException(priorities.length + " priorities for " + pieceCount + " pieces");
        }
        for (int i = 0; i < pieceCount; i++) {
            setPriority(i, priorities[i]);
        }
    }

    public int priority(int piece) {
        check(piece);
        return priority[piece];
    }

    /** Whether the piece is verified. */
    public boolean has(int piece) {
        check(piece);
        return have.get(piece);
    }

    /** A copy of the verified pieces. */
    public Bitfield have() {
        return have.copy();
    }

    /** True when every wanted piece is verified. */
    public boolean isComplete() {
        if (unstarted.size() > 0) {
            return false;
        }
        for (Partial p : partials.values()) {
            if (priority[p.piece] > 0) {
                return false;
            }
        }
        return true;
    }

    public boolean inEndgame() {
        return endgame;
    }

    /** How many connected peers have the piece. */
    public int availability(int piece) {
        check(piece);
        return availability[piece];
    }

    // ---- what peers have ----

    /** The peer's bitfield message (or, for a BEP 6 "have all", {@link Bitfield#full}). Replaces what was known. */
    public void peerBitfield(P peer, Bitfield pieces) {
        if (pieces.pieceCount() != pieceCount) {
            throw new IllegalArgumentException("bitfield of " + pieces.pieceCount() + " pieces for a torrent of " + pieceCount);
        }
        PeerState s = peers.computeIfAbsent(peer, k -> new PeerState(pieceCount));
        for (int i = s.has.nextSet(0); i >= 0; i = s.has.nextSet(i + 1)) {
            availability[i]--;
            unstarted.decrement(i);
        }
        s.has = pieces.copy();
        for (int i = s.has.nextSet(0); i >= 0; i = s.has.nextSet(i + 1)) {
            availability[i]++;
            unstarted.increment(i);
        }
    }

    /** The peer's have message (already validated: the piece exists). */
    public void peerHave(P peer, int piece) {
        check(piece);
        PeerState s = peers.computeIfAbsent(peer, k -> new PeerState(pieceCount));
        if (s.has.set(piece)) {
            availability[piece]++;
            unstarted.increment(piece);
        }
    }

    /** The peer disconnected: forget its pieces and give its outstanding blocks back to the pool. */
    public List<Block> peerLeft(P peer) {
        PeerState s = peers.remove(peer);
        if (s == null) {
            return List.of();
        }
        for (int i = s.has.nextSet(0); i >= 0; i = s.has.nextSet(i + 1)) {
            availability[i]--;
            unstarted.decrement(i);
        }
        return releaseAll(peer, s);
    }

    /** The peer choked us: BEP 3 says its pending requests are dropped, so their blocks are free again. */
    public List<Block> peerChoked(P peer) {
        PeerState s = peers.get(peer);
        return s == null ? List.of() : releaseAll(peer, s);
    }

    /** A request is abandoned (timed out, rejected, cancelled by us): another peer may take the block. */
    public void requestAbandoned(P peer, Block block) {
        PeerState s = peers.get(peer);
        if (s != null && s.inFlight.remove(block)) {
            release(peer, block);
        }
    }

    /** The blocks requested from the peer and not yet received. */
    public Set<Block> inFlight(P peer) {
        PeerState s = peers.get(peer);
        return s == null ? Set.of() : Set.copyOf(s.inFlight);
    }

    /** Whether the peer has a piece we want and do not have: decides our interested message (BEP 3). */
    public boolean isInteresting(P peer) {
        PeerState s = peers.get(peer);
        if (s == null) {
            return false;
        }
        for (int i = s.has.nextSet(0); i >= 0; i = s.has.nextSet(i + 1)) {
            if (!have.get(i) && priority[i] > 0) {
                return true;
            }
        }
        return false;
    }

    // ---- picking ----

    /**
     * Up to {@code max} new blocks to request from {@code peer}, marked as requested by it.
     * Call when the peer has unchoked us and its request pipeline has room.
     */
    public List<Block> pick(P peer, int max) {
        PeerState s = peers.get(peer);
        List<Block> out = new ArrayList<>();
        if (s == null || max <= 0) {
            return out;
        }
        // 1. Strict priority: finish what is started (fewest blocks left first).
        List<Partial> started = new ArrayList<>();
        for (Partial p : partials.values()) {
            if (p.free > 0 && priority[p.piece] > 0 && s.has.get(p.piece)) {
                started.add(p);
            }
        }
        started.sort(Comparator.comparingInt((Partial p) -> -priority[p.piece]).thenComparingInt(p -> p.free)
                .thenComparingInt(p -> availability[p.piece]).thenComparingInt(p -> p.piece));
        for (Partial p : started) {
            takeFree(peer, s, p, max, out);
            if (out.size() >= max) {
                return out;
            }
        }
        // 2. New pieces: random first, then rarest first.
        while (out.size() < max) {
            int piece = chooseNewPiece(s.has);
            if (piece < 0) {
                break;
            }
            Partial p = new Partial(piece, layout.blockCount(piece));
            partialByPiece[piece] = p;
            partials.put(piece, p);
            unstarted.remove(piece);
            takeFree(peer, s, p, max, out);
        }
        // 3. Endgame: nothing is left unrequested anywhere, so duplicate outstanding requests.
        if (out.size() < max && !hasUnrequestedBlocks()) {
            endgame = !isComplete();
            if (endgame) {
                takeDuplicates(peer, s, max, out);
            }
        }
        // 4. Busy blocks: a peer that unchoked us but has nothing unrequested that we want would stay
        // idle while the blocks it could send wait in another peer's queue. Measured in a 20-peer swarm
        // ramping up: a third of such connections idle, whole leechers uploading nothing while 11 peers
        // were interested. Ask it for a few of those blocks as well (libtorrent does the same for a peer
        // with no outstanding request); whichever copy arrives first cancels the other (blockReceived).
        if (out.isEmpty() && s.inFlight.isEmpty()) {
            takeBusy(peer, s, Math.min(max, BUSY_BLOCKS), out);
        }
        return out;
    }

    /**
     * Blocks of pieces the peer has that exactly one other peer was asked for, rarest pieces first and,
     * within a piece, the last blocks first: requests go out in block order, so those wait longest.
     */
    private void takeBusy(P peer, PeerState s, int max, List<Block> out) {
        List<Partial> candidates = new ArrayList<>();
        for (Partial p : partials.values()) {
            if (priority[p.piece] > 0 && s.has.get(p.piece) && p.received + p.free < p.blocks) {
                candidates.add(p);
            }
        }
        candidates.sort(Comparator.comparingInt((Partial p) -> availability[p.piece]).thenComparingInt(p -> p.piece));
        for (Partial p : candidates) {
            for (int b = p.blocks - 1; b >= 0 && out.size() < max; b--) {
                if (p.state[b] == REQUESTED && p.requesters[b] != null && p.requesters[b].size() == 1 && !p.requestedBy(b, peer)) {
                    p.addRequester(b, peer);
                    Block block = Block.of(layout, p.piece, b);
                    s.inFlight.add(block);
                    out.add(block);
                }
            }
            if (out.size() >= max) {
                return;
            }
        }
    }

    private int chooseNewPiece(Bitfield peerHas) {
        return unstarted.choose(peerHas, have.cardinality() < RANDOM_FIRST_PIECES);
    }

    private void takeFree(P peer, PeerState s, Partial p, int max, List<Block> out) {
        for (int b = 0; b < p.blocks && out.size() < max; b++) {
            if (p.state[b] == FREE) {
                p.state[b] = REQUESTED;
                p.free--;
                p.addRequester(b, peer);
                Block block = Block.of(layout, p.piece, b);
                s.inFlight.add(block);
                out.add(block);
            }
        }
    }

    private boolean hasUnrequestedBlocks() {
        if (unstarted.size() > 0) {
            return true;
        }
        for (Partial p : partials.values()) {
            if (p.free > 0 && priority[p.piece] > 0) {
                return true;
            }
        }
        return false;
    }

    private void takeDuplicates(P peer, PeerState s, int max, List<Block> out) {
        List<Partial> candidates = new ArrayList<>();
        for (Partial p : partials.values()) {
            if (priority[p.piece] > 0 && s.has.get(p.piece)) {
                candidates.add(p);
            }
        }
        candidates.sort(Comparator.comparingInt(p -> p.piece));
        for (Partial p : candidates) {
            for (int b = 0; b < p.blocks && out.size() < max; b++) {
                if (p.state[b] == REQUESTED && !p.requestedBy(b, peer)) {
                    p.addRequester(b, peer);
                    Block block = Block.of(layout, p.piece, b);
                    s.inFlight.add(block);
                    out.add(block);
                }
            }
        }
    }

    // ---- receiving ----

    /**
     * A block arrived from {@code peer}. Returns whether to keep the data and, in endgame, the
     * duplicate requests on other peers to cancel (Cohen 2003: "sends cancels for sub-pieces
     * which arrive").
     */
    public Receipt<P> blockReceived(P peer, Block block) {
        PeerState s = peers.get(peer);
        if (s != null) {
            s.inFlight.remove(block);
        }
        int piece = block.piece();
        if (piece >= pieceCount || block.begin() % PieceLayout.BLOCK_LENGTH != 0
                || block.index() >= layout.blockCount(piece) || block.length() != layout.blockLength(piece, block.index())) {
            return new Receipt<>(Status.NOT_WANTED, List.of());
        }
        if (have.get(piece)) {
            return new Receipt<>(Status.DUPLICATE, List.of());
        }
        if (priority[piece] == 0) {
            return new Receipt<>(Status.NOT_WANTED, List.of());
        }
        Partial p = partialByPiece[piece];
        if (p == null) {
            // Unrequested but useful (e.g. it answers a request released after a choke): keep it.
            p = new Partial(piece, layout.blockCount(piece));
            partialByPiece[piece] = p;
            partials.put(piece, p);
            unstarted.remove(piece);
        }
        int b = block.index();
        if (p.state[b] == RECEIVED) {
            return new Receipt<>(Status.DUPLICATE, List.of());
        }
        List<PeerBlock<P>> cancels = new ArrayList<>();
        if (p.requesters[b] != null) {
            for (Object o : p.requesters[b]) {
                @SuppressWarnings("unchecked")
                P other = (P) o;
                if (!other.equals(peer)) {
                    PeerState os = peers.get(other);
                    if (os != null && os.inFlight.remove(block)) {
                        cancels.add(new PeerBlock<>(other, block));
                    }
                }
            }
        }
        if (p.state[b] == FREE) {
            p.free--;
        }
        p.state[b] = RECEIVED;
        p.requesters[b] = null;
        p.received++;
        return new Receipt<>(p.received == p.blocks ? Status.PIECE_COMPLETE : Status.ACCEPTED, cancels);
    }

    // ---- internals ----

    private List<Block> releaseAll(P peer, PeerState s) {
        List<Block> released = new ArrayList<>(s.inFlight);
        s.inFlight.clear();
        for (Block b : released) {
            release(peer, b);
        }
        return released;
    }

    private void release(P peer, Block block) {
        Partial p = partialByPiece[block.piece()];
        if (p == null) {
            return;
        }
        int b = block.index();
        if (p.requesters[b] != null) {
            p.requesters[b].remove(peer);
        }
        if (p.state[b] == REQUESTED && (p.requesters[b] == null || p.requesters[b].isEmpty())) {
            p.state[b] = FREE;
            p.free++;
            endgame = false;
            if (p.free == p.blocks) {
                // Nothing received or outstanding: let rarest-first choose afresh.
                dropPartial(p.piece);
                if (priority[p.piece] > 0) {
                    unstarted.add(p.piece, priority[p.piece], availability[p.piece]);
                }
            }
        }
    }

    /** Removes a piece's block state and any outstanding requests for it. */
    private Partial dropPartial(int piece) {
        Partial p = partialByPiece[piece];
        if (p == null) {
            return null;
        }
        partialByPiece[piece] = null;
        partials.remove(piece);
        for (int b = 0; b < p.blocks; b++) {
            if (p.requesters[b] != null) {
                Block block = Block.of(layout, piece, b);
                for (Object r : p.requesters[b]) {
                    PeerState s = peers.get(r);
                    if (s != null) {
                        s.inFlight.remove(block);
                    }
                }
            }
        }
        return p;
    }

    private void check(int piece) {
        if (piece < 0 || piece >= pieceCount) {
            throw new IndexOutOfBoundsException("piece " + piece + " outside [0, " + pieceCount + ")");
        }
    }

    private static final class PeerState {
        Bitfield has;
        final Set<Block> inFlight = new LinkedHashSet<>();

        PeerState(int pieceCount) {
            has = new Bitfield(pieceCount);
        }
    }

    /** Block states of a started piece, and who was asked for each outstanding block. */
    private static final class Partial {
        final int piece;
        final int blocks;
        final byte[] state;
        /** Peers asked for each block: one normally, several in endgame. Peer keys, typed P by the picker. */
        final List<Object>[] requesters;
        int free;
        int received;

        @SuppressWarnings("unchecked")
        Partial(int piece, int blocks) {
            this.piece = piece;
            this.blocks = blocks;
            this.state = new byte[blocks];
            this.requesters = (List<Object>[]) new List<?>[blocks];
            this.free = blocks;
        }

        void addRequester(int b, Object peer) {
            if (requesters[b] == null) {
                requesters[b] = new ArrayList<>(2);
            }
            requesters[b].add(peer);
        }

        boolean requestedBy(int b, Object peer) {
            return requesters[b] != null && requesters[b].contains(peer);
        }
    }
}
