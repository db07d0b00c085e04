package dev.bittern.session;

import dev.bittern.engine.Block;
import dev.bittern.engine.BlockRequestQueue;
import dev.bittern.engine.Choker;
import dev.bittern.engine.PiecePicker;
import dev.bittern.engine.RateMeter;
import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.storage.BlockWrite;
import dev.bittern.storage.PieceContributors;
import dev.bittern.storage.PieceResult;
import dev.bittern.storage.PieceStore;
import dev.bittern.time.Clock;
import dev.bittern.wire.Bitfield;
import dev.bittern.wire.ExtensionHandshake;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.MessageValidator;
import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import dev.bittern.wire.PieceLayout;
import dev.bittern.wire.WireProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;

/**
 * The decisions of one torrent, sans I/O: fed with peer events, hash results and ticks by the
 * {@link TorrentSession} loop (one thread), it answers through {@link PeerLink}s: which blocks to
 * request (the {@link PiecePicker} with a {@link BlockRequestQueue} per peer, whose depth adapts to
 * the peer's rate), whom to unchoke (the {@link Choker}), what to serve, and whom to drop.
 *
 * <p>Untrusted peers (BEP 3): every message is checked by the {@link MessageValidator}; a bitfield
 * after other messages, a piece we did not request, a request flood or an unreadable message closes
 * the connection with the reason logged, before anything is written to disk. Blocks are written
 * through the {@link PieceStore}, which hashes each completed piece before it counts; a failed piece
 * is downloaded again and its contributors are banned after repeated failures
 * ({@link PieceContributors}).
 */
public final class Swarm {
    private static final System.Logger LOG = System.getLogger(Swarm.class.getName());
    /** BEP 3: keep-alives are sent about every two minutes; peers drop connections silent for longer. */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(90);
    static final Duration IDLE_TIMEOUT = Duration.ofMinutes(3);
    /** Blocks we stopped waiting for (choke, cancel, time-out) may still arrive; remember this many per peer. */
    private static final int LATE_BLOCKS = 4096;
    /** Requests refilled at once after received blocks, at most (a quarter of the pipeline if less). */
    static final int REQUEST_BATCH = 16;
    static final String CLIENT_NAME = "Bittern 0.1.0";
    /** How far back the upload rate the choker compares with the limit looks. */
    private static final Duration SPARE_WINDOW = Duration.ofSeconds(2);

    /** Side effects the loop performs for the swarm. */
    public interface Effects {
        /** A piece is being hashed; post the result back as {@link #pieceChecked}. */
        void verifying(int piece, CompletableFuture<PieceResult<PeerLink>> result);

        /** A piece was verified (persist resume data). */
        void pieceVerified(int piece);

        /** Every wanted piece is verified. */
        void completed();
    }

    private final PeerId ourId;
    private final PieceStore<PeerLink> store;
    private final InfoDictionary info;
    private final PieceLayout layout;
    private final MessageValidator validator;
    private final PiecePicker<PeerLink> picker;
    private final Choker<PeerLink> choker;
    /** Failures of pieces a peer sent alone: proof enough, banned after {@code banAfter}. */
    private final PieceContributors<PeerLink> contributors;
    /**
     * Failures of pieces several peers sent: any of them may be the liar, so an honest peer that
     * shared pieces with a liar must not be banned as quickly; banned only after many.
     */
    private final PieceContributors<PeerLink> sharedFailures;
    private final Clock clock;
    private final SessionSettings settings;
    private final Effects effects;
    private final Map<PeerLink, PeerState> peers = new LinkedHashMap<>();
    private final PeerBans bans = new PeerBans();
    private Choker.Decision<PeerLink> lastDecision;
    private boolean complete;
    private long downloaded;
    private long uploaded;
    private long wastedBytes;
    /** Upload rate over the last {@link #SPARE_WINDOW}, to tell the choker whether the limit is reached. */
    private double recentUploadRate;
    private long uploadMark;
    private long uploadMarkAt;

    public Swarm(PeerId ourId, PieceStore<PeerLink> store, int[] priorities, Clock clock, RandomGenerator random,
                 SessionSettings settings, Effects effects) {
        this.ourId = ourId;
        this.store = store;
        this.info = store.storage().info();
        this.layout = new PieceLayout(info.totalLength(), info.pieceLength());
        this.validator = new MessageValidator(layout);
        this.picker = new PiecePicker<>(layout, random);
        if (priorities != null) {
            picker.setPriorities(priorities);
        }
        BitSet have = store.verifiedPieces();
        for (int i = have.nextSetBit(0); i >= 0; i = have.nextSetBit(i + 1)) {
            picker.pieceVerified(i);
        }
        this.choker = new Choker<>(settings.choker(), clock, random);
        this.contributors = new PieceContributors<>(settings.banAfter());
        this.sharedFailures = new PieceContributors<>(4 * settings.banAfter());
        this.clock = clock;
        this.settings = settings;
        this.effects = effects;
        this.complete = picker.isComplete();
        this.uploadMarkAt = clock.nanoTime();
    }

    /** One connected peer, owned by the loop. */
    private final class PeerState {
        final PeerLink link;
        final BlockRequestQueue requests = new BlockRequestQueue(settings.pipeline());
        final RateMeter down = new RateMeter(clock);
        final RateMeter up = new RateMeter(clock);
        final Set<Block> late = new LinkedHashSet<>();
        final long connectedAt = clock.nanoTime();
        Bitfield has = new Bitfield(info.pieceCount());
        boolean amChoking = true;
        boolean amInterested;
        boolean peerChoking = true;
        boolean peerInterested;
        long lastBlockAt = connectedAt;
        long lastReceivedAt = connectedAt;
        long lastSentAt = connectedAt;
        long uploadedSeen;

        PeerState(PeerLink link) {
            this.link = link;
        }

        void addLate(Block b) {
            late.add(b);
            if (late.size() > LATE_BLOCKS) {
                Iterator<Block> it = late.iterator();
                it.next();
                it.remove();
            }
        }
    }

    // ---- connections ----

    /**
     * A peer finished the handshake. Returns the reason to refuse it, or empty when it is taken:
     * then our extension handshake and bitfield are queued.
     */
    public Optional<String> peerReady(PeerLink link, Handshake theirs) {
        PeerId id = theirs.peerId();
        if (id.equals(ourId)) {
            return Optional.of("connection to ourselves (our own peer id)");
        }
        Optional<String> banned = bans.refusal(link, id);
        if (banned.isPresent()) {
            return banned;
        }
        if (peers.size() >= settings.maxPeers()) {
            return Optional.of("torrent already has " + settings.maxPeers() + " peers");
        }
        for (PeerLink other : peers.keySet()) {
            if (other.peerId().equals(id)) {
                return Optional.of("already connected to peer " + id);
            }
        }
        PeerState ps = new PeerState(link);
        peers.put(link, ps);
        if (theirs.supportsExtensionProtocol()) {
            // BEP 10: sent right after the handshake; no extension messages are offered yet, so m is empty.
            ExtensionHandshake eh = new ExtensionHandshake(new TreeMap<>(), Optional.of(CLIENT_NAME), OptionalInt.empty(),
                    OptionalInt.of(SessionSettings.ADVERTISED_REQUEST_QUEUE), OptionalLong.empty(), Optional.empty(),
                    dev.bittern.bencode.BDictionary.builder().build());
            send(ps, eh.toMessage());
        }
        Bitfield have = picker.have();
        if (!have.isEmpty()) {
            // BEP 3: the bitfield is only sent if we have something, and only first.
            send(ps, PeerMessage.Bitfield.of(have));
        }
        return Optional.empty();
    }

    /** The connection ended (either side): its outstanding requests go back to the picker. */
    public void peerClosed(PeerLink link, String reason) {
        PeerState ps = peers.remove(link);
        if (ps == null) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, () -> "peer " + link + " (" + link.peerId() + ") disconnected: " + reason);
        countUploaded(ps);
        picker.peerLeft(link);
        runChoker();
    }

    public boolean isBanned(PeerId id) {
        return bans.isBanned(id);
    }

    /**
     * Why a peer that dialled us is refused before it gets our handshake: its peer id or its IP is
     * banned ({@link PeerBans}), or empty. The one method of the swarm that other threads may call
     * (the listener's handshake threads): it reads only the bans' concurrent sets.
     */
    public Optional<String> incomingRefusal(InetSocketAddress remote, PeerId id) {
        return bans.refusal(remote.getAddress(), id);
    }

    /** Whether the session may dial {@code address}: no ban covers it ({@link PeerBans}). */
    public boolean mayDial(InetSocketAddress address) {
        return bans.mayDial(address);
    }

    public int peerCount() {
        return peers.size();
    }

    public Set<PeerLink> links() {
        return Set.copyOf(peers.keySet());
    }

    public boolean isComplete() {
        return complete;
    }

    public long uploaded() {
        return uploaded;
    }

    // ---- messages ----

    /** A message from a peer; protocol violations close the link with the reason. */
    public void message(PeerLink link, PeerMessage m) {
        PeerState ps = peers.get(link);
        if (ps == null) {
            return; // closed meanwhile
        }
        ps.lastReceivedAt = clock.nanoTime();
        try {
            handle(ps, m);
        } catch (WireProtocolException e) {
            drop(ps, "protocol violation: " + e.getMessage());
        }
    }

    /**
     * A block (a piece message's payload) decoded without a {@link PeerMessage.Piece} record; treated
     * exactly like one. {@code data} is only read during the call.
     */
    public void block(PeerLink link, int piece, int begin, ByteBuffer data) {
        PeerState ps = peers.get(link);
        if (ps == null) {
            return; // closed meanwhile
        }
        ps.lastReceivedAt = clock.nanoTime();
        try {
            received(ps, piece, begin, data);
        } catch (WireProtocolException e) {
            drop(ps, "protocol violation: " + e.getMessage());
        }
    }

    private void handle(PeerState ps, PeerMessage m) {
        switch (m) {
            case PeerMessage.KeepAlive k -> {
            }
            case PeerMessage.Choke c -> {
                ps.peerChoking = true;
                // BEP 3: a choke discards our pending requests; their blocks may still be in flight.
                for (Block b : ps.requests.clear()) {
                    ps.addLate(b);
                }
                picker.peerChoked(ps.link);
            }
            case PeerMessage.Unchoke u -> {
                ps.peerChoking = false;
                fillRequests(ps);
            }
            case PeerMessage.Interested i -> {
                ps.peerInterested = true;
                runChoker();
            }
            case PeerMessage.NotInterested n -> {
                ps.peerInterested = false;
                runChoker(); // its slot goes to someone who wants what we have
            }
            case PeerMessage.Have h -> {
                int piece = validator.have(h);
                if (ps.has.set(piece)) {
                    picker.peerHave(ps.link, piece);
                }
                if (!ps.amInterested && !picker.has(piece) && picker.priority(piece) > 0) {
                    interested(ps, true);
                }
                closeIfBothSeeds(ps);
                fillRequests(ps);
            }
            case PeerMessage.Bitfield b -> {
                // BEP 3 wants it only first, but aria2 sends it again mid-connection; a later one
                // replaces what we knew (size and spare bits are still checked).
                Bitfield bits = validator.bitfield(b);
                ps.has = bits.copy();
                picker.peerBitfield(ps.link, bits);
                interested(ps, picker.isInteresting(ps.link));
                closeIfBothSeeds(ps);
            }
            case PeerMessage.Request r -> request(ps, r);
            case PeerMessage.Piece p -> received(ps, p.piece(), p.begin(), p.dataView());
            case PeerMessage.Cancel c -> {
                validator.cancel(c);
                ps.link.dropServe(new PeerMessage.Request(c.piece(), c.begin(), c.length()));
            }
            case PeerMessage.Port p -> {
            }
            case PeerMessage.Extended e -> {
                if (e.extendedId() == ExtensionHandshake.HANDSHAKE_ID) {
                    ExtensionHandshake eh = ExtensionHandshake.parse(e.payload());
                    eh.requestQueue().ifPresent(ps.requests::setPeerRequestQueue);
                }
                // BEP 10: we offered no extensions (empty m), so any other id is unknown and ignored.
            }
        }
    }

    private void request(PeerState ps, PeerMessage.Request r) {
        validator.request(r);
        if (ps.amChoking) {
            return; // BEP 3: requests from a choked peer are discarded
        }
        if (!store.isVerified(r.piece())) {
            LOG.log(System.Logger.Level.DEBUG, () -> ps.link + " requested piece " + r.piece() + " we do not have; ignored");
            return;
        }
        if (ps.link.pendingServes() >= settings.maxPeerRequests()) {
            drop(ps, "request flood: more than " + settings.maxPeerRequests() + " requests outstanding");
            return;
        }
        if (!ps.link.serve(r)) {
            drop(ps, "outbound queue full (peer does not read)");
        }
    }

    private void received(PeerState ps, int piece, int begin, ByteBuffer data) {
        int length = data.remaining();
        validator.piece(piece, begin, length);
        Block block = new Block(piece, begin, length);
        if (!ps.requests.remove(block) && !ps.late.remove(block)) {
            drop(ps, "sent piece " + piece + " offset " + begin + " length " + length + " that we did not request");
            return;
        }
        long now = clock.nanoTime();
        ps.down.record(length);
        ps.lastBlockAt = now;
        downloaded += length;
        PiecePicker.Receipt<PeerLink> receipt = picker.blockReceived(ps.link, block);
        for (PiecePicker.PeerBlock<PeerLink> c : receipt.cancels()) {
            PeerState other = peers.get(c.peer());
            if (other != null && other.requests.remove(c.block())) {
                other.addLate(c.block());
                send(other, c.block().toCancel());
            }
        }
        if (receipt.isUseful()) {
            try {
                BlockWrite<PeerLink> w = store.writeBlock(ps.link, piece, begin, data);
                if (w instanceof BlockWrite.PieceComplete<PeerLink> done) {
                    effects.verifying(done.piece(), done.result());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("writing piece " + piece + " to disk", e);
            }
        } else {
            wastedBytes += length;
        }
        // Requests go out in batches: refilling one request per received block costs a small write
        // (and a wake-up of the peer's reader) per block; a batch shares one write.
        int outstanding = ps.requests.outstanding();
        int depth = outstanding + ps.requests.room(ps.down.rate());
        if (outstanding <= depth - Math.max(1, Math.min(REQUEST_BATCH, depth / 4))) {
            fillRequests(ps);
        }
    }

    // ---- hash results ----

    /** The hash pool finished a piece. */
    public void pieceChecked(PieceResult<PeerLink> result) {
        switch (result) {
            case PieceResult.PieceVerified<PeerLink> v -> verified(v.piece());
            case PieceResult.PieceFailed<PeerLink> f -> {
                LOG.log(System.Logger.Level.WARNING, () -> "piece " + f.piece() + " failed its hash check; downloading it again");
                picker.pieceFailed(f.piece());
                Set<PeerLink> toBan = new HashSet<>(sharedFailures.pieceFailed(f));
                if (f.contributors().size() == 1) {
                    toBan.addAll(contributors.pieceFailed(f));
                }
                for (PeerLink bad : toBan) {
                    bans.ban(bad);
                    PeerState ps = peers.get(bad);
                    if (ps != null) {
                        drop(ps, "banned: sent data for " + sharedFailures.failures(bad) + " pieces that failed the hash check");
                    }
                }
                for (PeerState ps : List.copyOf(peers.values())) {
                    fillRequests(ps);
                }
            }
        }
    }

    private void verified(int piece) {
        picker.pieceVerified(piece);
        effects.pieceVerified(piece);
        for (PeerState ps : List.copyOf(peers.values())) {
            if (!ps.has.get(piece)) {
                send(ps, new PeerMessage.Have(piece));
            }
        }
        if (!complete && picker.isComplete()) {
            complete = true;
            LOG.log(System.Logger.Level.INFO, "download complete; seeding");
            effects.completed();
            for (PeerState ps : List.copyOf(peers.values())) {
                interested(ps, false);
                closeIfBothSeeds(ps);
            }
        }
    }

    // ---- timers ----

    /** Once a second: request time-outs, rates, keep-alives, idle peers, the choker. */
    public void tick() {
        long now = clock.nanoTime();
        for (PeerState ps : List.copyOf(peers.values())) {
            countUploaded(ps);
            if (now - ps.lastReceivedAt > IDLE_TIMEOUT.toNanos()) {
                drop(ps, "nothing received for " + IDLE_TIMEOUT.toSeconds() + " s");
                continue;
            }
            List<Block> expired = ps.requests.timedOut(now, settings.requestTimeout().toNanos());
            for (Block b : expired) {
                picker.requestAbandoned(ps.link, b);
                ps.addLate(b);
            }
            if (now - ps.lastSentAt > KEEP_ALIVE.toNanos()) {
                send(ps, PeerMessage.KeepAlive.INSTANCE);
            }
        }
        if (now - uploadMarkAt >= SPARE_WINDOW.toNanos()) {
            recentUploadRate = (uploaded - uploadMark) * 1e9 / (now - uploadMarkAt);
            uploadMark = uploaded;
            uploadMarkAt = now;
        }
        runChoker();
        for (PeerState ps : List.copyOf(peers.values())) {
            fillRequests(ps);
        }
    }

    /**
     * Adds what the link sent since the last look to the totals; also when a peer leaves, so the
     * bytes of its last second count (a seed ratio is reached on them, see {@link #uploaded()}).
     */
    private void countUploaded(PeerState ps) {
        long sent = ps.link.uploadedBytes();
        if (sent > ps.uploadedSeen) {
            ps.up.record(sent - ps.uploadedSeen);
            uploaded += sent - ps.uploadedSeen;
            ps.uploadedSeen = sent;
        }
    }

    private void runChoker() {
        List<Choker.PeerView<PeerLink>> views = new ArrayList<>(peers.size());
        long now = clock.nanoTime();
        for (PeerState ps : peers.values()) {
            views.add(new Choker.PeerView<>(ps.link, ps.peerInterested, ps.amInterested, ps.down.rate(), ps.up.rate(),
                    ps.connectedAt, ps.lastBlockAt));
        }
        // Only a limit gives a capacity to compare with; without one the choker keeps fixed slots.
        double uploadUse = settings.maxUploadRate() > 0 ? recentUploadRate / settings.maxUploadRate() : Double.NaN;
        Choker.Decision<PeerLink> d = choker.decide(views, complete ? Choker.Mode.SEEDING : Choker.Mode.LEECHING, uploadUse);
        if (!d.equals(lastDecision)) {
            lastDecision = d;
            Set<PeerLink> unchoked = d.unchoked();
            for (PeerState ps : List.copyOf(peers.values())) {
                choke(ps, !unchoked.contains(ps.link));
            }
        }
    }

    // ---- sending ----

    private void choke(PeerState ps, boolean choke) {
        if (ps.amChoking == choke) {
            return;
        }
        ps.amChoking = choke;
        if (choke) {
            ps.link.dropAllServes();
            send(ps, PeerMessage.Choke.INSTANCE);
        } else {
            send(ps, PeerMessage.Unchoke.INSTANCE);
        }
    }

    private void interested(PeerState ps, boolean interested) {
        if (ps.amInterested == interested) {
            return;
        }
        ps.amInterested = interested;
        send(ps, interested ? PeerMessage.Interested.INSTANCE : PeerMessage.NotInterested.INSTANCE);
        if (interested) {
            fillRequests(ps);
        }
    }

    private void fillRequests(PeerState ps) {
        if (ps.peerChoking || !ps.amInterested || !peers.containsKey(ps.link)) {
            return;
        }
        int room = ps.requests.room(ps.down.rate());
        if (room <= 0) {
            return;
        }
        List<Block> blocks = picker.pick(ps.link, room);
        long now = clock.nanoTime();
        for (Block b : blocks) {
            // Kept in late if it was there: the answer to the earlier request (before a choke or a
            // time-out) may still arrive besides the answer to this one, and is not a protocol violation.
            ps.requests.sent(b, now);
            send(ps, b.toRequest());
        }
        if (blocks.isEmpty() && ps.requests.outstanding() == 0 && !picker.isInteresting(ps.link)) {
            interested(ps, false);
        }
    }

    private void closeIfBothSeeds(PeerState ps) {
        if (complete && ps.has.isComplete()) {
            drop(ps, "both sides are seeds", System.Logger.Level.INFO);
        }
    }

    private void send(PeerState ps, PeerMessage m) {
        if (!peers.containsKey(ps.link)) {
            return;
        }
        ps.lastSentAt = clock.nanoTime();
        if (!ps.link.send(m)) {
            drop(ps, "outbound queue full (peer does not read)");
        }
    }

    /** Closes a link and forgets it at once; its reader's later close event is ignored. */
    private void drop(PeerState ps, String reason) {
        drop(ps, reason, System.Logger.Level.WARNING);
    }

    private void drop(PeerState ps, String reason, System.Logger.Level level) {
        if (peers.remove(ps.link) == null) {
            return;
        }
        LOG.log(level, () -> "closing " + ps.link + " (" + ps.link.peerId() + "): " + reason);
        countUploaded(ps);
        ps.link.close(reason);
        picker.peerLeft(ps.link);
        runChoker();
    }

    // ---- status ----

    public SessionStatus status() {
        Bitfield have = picker.have();
        long left = 0;
        for (int i = 0; i < info.pieceCount(); i++) {
            if (!have.get(i) && picker.priority(i) > 0) {
                left += info.pieceSize(i);
            }
        }
        double down = 0;
        double up = 0;
        int seeds = 0;
        int unchokedBy = 0;
        for (PeerState ps : peers.values()) {
            if (!ps.peerChoking) {
                unchokedBy++;
            }
            down += ps.down.rate();
            up += ps.up.rate();
            if (ps.has.isComplete()) {
                seeds++;
            }
        }
        return new SessionStatus(have.cardinality(), info.pieceCount(), info.totalLength(), left, down, up, downloaded,
                uploaded, seeds, peers.size() - seeds, complete, unchokedBy);
    }
}
