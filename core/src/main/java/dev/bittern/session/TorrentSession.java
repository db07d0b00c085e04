package dev.bittern.session;

import dev.bittern.engine.TokenBucket;
import dev.bittern.metainfo.InfoHash;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import dev.bittern.storage.HashPool;
import dev.bittern.storage.PieceResult;
import dev.bittern.storage.PieceStore;
import dev.bittern.storage.ResumeFile;
import dev.bittern.storage.ResumeLoad;
import dev.bittern.storage.ResumeWriter;
import dev.bittern.storage.TorrentStorage;
import dev.bittern.time.Clock;
import dev.bittern.tracker.client.AnnounceEvent;
import dev.bittern.tracker.client.AnnounceRequest;
import dev.bittern.tracker.client.AnnounceResponse;
import dev.bittern.tracker.client.TrackerClient;
import dev.bittern.tracker.client.TrackerPeer;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.MessageLimits;
import dev.bittern.wire.PeerId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One torrent's owner: a single virtual thread takes {@link SessionEvent}s from a bounded queue and
 * feeds them to the {@link Swarm} (all torrent state lives on that thread). Connection threads,
 * the hash pool and the announcer only post events. Also dials peers, persists resume data through a
 * {@link ResumeWriter}, and announces to the torrent's trackers on an announcer thread.
 */
public final class TorrentSession implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TorrentSession.class.getName());
    /**
     * Events held at most; readers block when it is full (back-pressure), so memory stays bounded:
     * at most this many messages of up to one block each.
     */
    static final int QUEUE_CAPACITY = 256;
    static final Duration TICK = Duration.ofSeconds(1);
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);

    private final Metainfo metainfo;
    private final Path downloadDir;
    private final PeerId ourId;
    private final SessionSettings settings;
    private final Client.Shared shared;
    private final Clock clock = Clock.system();
    private final BlockingQueue<SessionEvent> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final ArrayDeque<SessionEvent> local = new ArrayDeque<>();
    /**
     * Hash results, outside the bounded queue: the hash pool must never wait for the loop, because the
     * loop may be waiting for the hash pool (for a piece buffer, {@link PieceStore}). At most one per
     * piece being hashed, so bounded by the piece buffers and the hash pool's queue.
     */
    private final Queue<SessionEvent> checked = new ConcurrentLinkedQueue<>();
    private static final SessionEvent WAKE = new SessionEvent.Wake();
    private final TorrentStorage storage;
    private final PieceStore<PeerLink> store;
    private final SharedRateLimiter upload;
    private final SharedRateLimiter download;
    private final MessageLimits limits;
    private final Map<InetSocketAddress, Long> nextDialAt = new HashMap<>();
    private final Map<InetSocketAddress, Integer> dialFailures = new HashMap<>();
    private final Set<InetSocketAddress> dialing = new HashSet<>();
    private final Map<InetSocketAddress, PeerLink> outgoing = new HashMap<>();
    private final CompletableFuture<Void> completed = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Announcer announcer;
    private final Swarm swarm;
    private ResumeWriter resume;
    private final ResumeSaver resumeSaver = new ResumeSaver();
    private Thread loop;
    private volatile boolean running = true;
    private volatile SessionStatus status;
    private long completedAtNanos = -1;

    TorrentSession(Metainfo metainfo, Path downloadDir, FileSelection selection, int[] priorities, PeerId ourId,
                   SessionSettings settings, Client.Shared shared, boolean useTrackers) throws IOException {
        this.metainfo = metainfo;
        this.downloadDir = downloadDir;
        this.ourId = ourId;
        this.settings = settings;
        this.shared = shared;
        this.storage = TorrentStorage.open(metainfo.infoHash(), metainfo.info(), downloadDir, selection, settings.directWrites());
        this.store = new PieceStore<>(storage, shared.hashPool());
        this.upload = SharedRateLimiter.all(shared.upload(), limiter(settings.maxUploadRate()));
        this.download = SharedRateLimiter.all(shared.download(), limiter(settings.maxDownloadRate()));
        this.limits = MessageLimits.forTorrent(metainfo.info().pieceCount());
        List<List<String>> tiers = metainfo.trackerTiers();
        this.announcer = useTrackers && !tiers.isEmpty() ? new Announcer(TrackerClient.create(tiers, new SplittableRandom())) : null;
        restore();
        this.swarm = new Swarm(ourId, store, priorities, clock, new SplittableRandom(), settings, new Effects());
        // Each save forces the data to disk (fsync): at most every 64 MiB or 10 s, on the saver
        // thread so the fsync never stalls the loop (the last one, on shutdown, is waited for). A
        // kill -9 loses nothing either way (the page cache survives the process, and pieces verified
        // after the last save are found again by hashing the changed file on restart).
        int everyPieces = Math.max(32, (64 << 20) / metainfo.info().pieceLength());
        this.resume = new ResumeWriter(clock, everyPieces, Duration.ofSeconds(10), resumeSaver::request);
        this.status = swarm.status();
        if (swarm.isComplete()) {
            completedAtNanos = clock.nanoTime();
            completed.complete(null);
        }
    }

    private SharedRateLimiter limiter(long rate) {
        return rate <= 0 ? SharedRateLimiter.UNLIMITED
                : new SharedRateLimiter(new TokenBucket(clock, rate, Math.max(rate / 4, 64 * 1024)));
    }

    /**
     * Finds what is already on disk: trusted resume data, then a hash check of the pieces it cannot
     * vouch for (a seed's folder without resume data is found this way).
     */
    private void restore() throws IOException {
        InfoHash hash = metainfo.infoHash();
        ResumeLoad load = ResumeFile.load(downloadDir, hash, metainfo.info(), storage.fileStates());
        BitSet recheck;
        if (load instanceof ResumeLoad.Trusted t) {
            store.restoreVerified(t.verified());
            recheck = t.toRecheck();
        } else {
            LOG.log(System.Logger.Level.INFO, () -> "no usable resume data (" + ((ResumeLoad.Ignored) load).reason() + "); checking files");
            recheck = store.allPieces();
        }
        store.checkExisting(recheck, (done, total) -> {
        });
    }

    void start() {
        loop = Thread.ofVirtual().name("torrent " + metainfo.info().name()).start(this::run);
        if (announcer != null) {
            announcer.start();
        }
    }

    public InfoHash infoHash() {
        return metainfo.infoHash();
    }

    public Metainfo metainfo() {
        return metainfo;
    }

    /** Completes when every wanted piece is verified (at once for a seed). */
    public CompletableFuture<Void> completed() {
        return completed;
    }

    /** Completes when the loop has stopped and the files are closed. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    public SessionStatus status() {
        return status;
    }

    /** Nanoseconds since the download completed, or -1. */
    public long secondsSinceComplete() {
        long at = completedAtNanos;
        return at < 0 ? -1 : (clock.nanoTime() - at) / 1_000_000_000L;
    }

    /** Connects to {@code address} (and again later if the connection ends). */
    public void addPeer(InetSocketAddress address) {
        post(new SessionEvent.AddPeer(address));
    }

    /** Stops the loop, closes every connection, saves resume data and closes the files. */
    @Override
    public void close() {
        post(new SessionEvent.Stop());
        try {
            stopped.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "stopping torrent " + metainfo.info().name() + ": " + e);
        }
    }

    // ---- posting ----

    private void post(SessionEvent e) {
        if (Thread.currentThread() == loop) {
            local.add(e);
            return;
        }
        try {
            while (running && !queue.offer(e, 100, TimeUnit.MILLISECONDS)) {
                // wait for the loop to make room; give up once it stopped
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Posts a hash result without ever blocking. The result is queued before the wake-up is offered: if
     * the offer fails the queue is full, so the loop comes round again and finds the result.
     */
    private void postChecked(SessionEvent.PieceChecked e) {
        if (Thread.currentThread() == loop) {
            local.add(e);
            return;
        }
        checked.add(e);
        queue.offer(WAKE);
    }

    /**
     * Why an incoming connection for this torrent is refused before we answer its handshake (a
     * banned peer id or IP: it learns nothing from us, not even our peer id), or empty. Called by
     * the listener's handshake threads.
     */
    Optional<String> incomingRefusal(InetSocketAddress remote, Handshake theirs) {
        return swarm.incomingRefusal(remote, theirs.peerId());
    }

    /** An incoming connection for this torrent whose handshake the listener read; answered here. */
    void incoming(SocketChannel channel, InetSocketAddress remote, Handshake theirs) throws IOException {
        PeerConnection.writeFully(channel, ByteBuffer.wrap(Handshake.of(metainfo.infoHash(), ourId, true, false).encode()));
        post(new SessionEvent.PeerReady(connection(channel, remote, theirs, false), theirs));
    }

    private PeerConnection connection(SocketChannel channel, InetSocketAddress remote, Handshake theirs, boolean out) {
        return new PeerConnection(channel, remote, theirs.peerId(), out, store, upload, download, shared.blockArrays(),
                shared.connections()::release);
    }

    // ---- the loop ----

    private void run() {
        long nextTick = clock.nanoTime();
        try {
            while (running) {
                long wait = nextTick - clock.nanoTime();
                SessionEvent e = local.poll();
                if (e == null) {
                    e = checked.poll();
                }
                if (e == null) {
                    e = queue.poll(Math.max(0, wait), TimeUnit.NANOSECONDS);
                }
                if (e != null) {
                    handle(e);
                }
                if (clock.nanoTime() - nextTick >= 0) {
                    tick();
                    nextTick = clock.nanoTime() + TICK.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.ERROR, "torrent " + metainfo.info().name() + " stopped on an error", e);
            completed.completeExceptionally(e);
        } finally {
            shutdown();
        }
    }

    private void handle(SessionEvent event) throws IOException {
        switch (event) {
            case SessionEvent.Message m -> {
                try {
                    swarm.message(m.link(), m.message());
                } catch (RuntimeException e) {
                    // A peer must never take the torrent down: drop that peer, keep the others.
                    LOG.log(System.Logger.Level.ERROR, "handling " + m.message() + " from " + m.link() + " failed", e);
                    m.link().close("internal error handling its message: " + e);
                }
            }
            case SessionEvent.Block b -> {
                try {
                    swarm.block(b.link(), b.piece(), b.begin(), ByteBuffer.wrap(b.data(), 0, b.length()).asReadOnlyBuffer());
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "handling a block of piece " + b.piece() + " from " + b.link() + " failed", e);
                    b.link().close("internal error handling its message: " + e);
                } finally {
                    shared.blockArrays().give(b.data()); // written (or copied into its piece) or dropped by now
                }
            }
            case SessionEvent.PeerReady r -> {
                PeerConnection c = r.connection();
                dialing.remove(c.remote());
                Optional<String> refused = swarm.peerReady(c, r.theirs());
                if (refused.isPresent()) {
                    LOG.log(System.Logger.Level.INFO, () -> "refusing " + c + ": " + refused.get());
                    c.close(refused.get());
                    if (r.theirs().peerId().equals(ourId)) {
                        nextDialAt.remove(c.remote()); // never dial ourselves again
                    }
                    return;
                }
                if (c.outgoing()) {
                    outgoing.put(c.remote(), c);
                    dialFailures.remove(c.remote());
                }
                c.start(this::post, limits);
            }
            case SessionEvent.Closed c -> {
                swarm.peerClosed(c.link(), c.reason());
                if (c.link().outgoing() && outgoing.get(c.link().remote()) == c.link()) {
                    outgoing.remove(c.link().remote());
                    scheduleRedial(c.link().remote());
                }
            }
            case SessionEvent.ConnectFailed f -> {
                dialing.remove(f.address());
                LOG.log(System.Logger.Level.INFO, () -> "cannot connect to " + f.address() + ": " + f.reason());
                scheduleRedial(f.address());
            }
            case SessionEvent.PieceChecked p -> swarm.pieceChecked(p.result());
            case SessionEvent.PeersFound p -> {
                for (TrackerPeer tp : p.peers()) {
                    nextDialAt.putIfAbsent(tp.address(), clock.nanoTime());
                }
                dialDue(); // at once, not at the next tick: a second lost at the start of every download
            }
            case SessionEvent.AddPeer a -> {
                nextDialAt.put(a.address(), clock.nanoTime());
                dialDue();
            }
            case SessionEvent.Stop s -> running = false;
            case SessionEvent.Wake w -> {
                // the loop looks at the hash results before the queue
            }
        }
    }

    private void scheduleRedial(InetSocketAddress address) {
        if (!nextDialAt.containsKey(address)) {
            return;
        }
        int failures = dialFailures.merge(address, 1, Integer::sum);
        long delay = settings.reconnectDelay().toNanos() << Math.min(failures - 1, 6);
        nextDialAt.put(address, clock.nanoTime() + delay);
    }

    private void tick() throws IOException {
        swarm.tick();
        resume.poll();
        dialDue();
        status = swarm.status();
    }

    /** Dials every known peer whose (re)dial time has come, within the connection limits. */
    private void dialDue() {
        long now = clock.nanoTime();
        for (Map.Entry<InetSocketAddress, Long> e : nextDialAt.entrySet()) {
            InetSocketAddress a = e.getKey();
            if (now - e.getValue() >= 0 && !dialing.contains(a) && !outgoing.containsKey(a) && swarm.mayDial(a)
                    && swarm.peerCount() + dialing.size() < settings.maxPeers()) {
                dial(a);
            }
        }
    }

    private void dial(InetSocketAddress address) {
        if (!shared.connections().tryAcquire()) {
            return;
        }
        dialing.add(address);
        nextDialAt.put(address, clock.nanoTime() + Duration.ofDays(1).toNanos()); // until it ends
        Thread.ofVirtual().name("dial " + address).start(() -> {
            SocketChannel ch = null;
            boolean handedOver = false;
            try {
                ch = SocketChannel.open();
                ch.socket().connect(address, (int) HANDSHAKE_TIMEOUT.toMillis());
                ch.socket().setTcpNoDelay(true);
                SocketChannel channel = ch;
                Thread watchdog = Thread.ofVirtual().start(() -> closeAfter(channel, HANDSHAKE_TIMEOUT));
                Handshake theirs;
                try {
                    PeerConnection.writeFully(ch, ByteBuffer.wrap(Handshake.of(metainfo.infoHash(), ourId, true, false).encode()));
                    theirs = PeerConnection.readHandshake(ch);
                } finally {
                    watchdog.interrupt();
                }
                if (!theirs.infoHash().equals(metainfo.infoHash())) {
                    throw new IOException("peer answered with another info-hash " + theirs.infoHash().hex());
                }
                post(new SessionEvent.PeerReady(connection(ch, address, theirs, true), theirs));
                handedOver = true;
            } catch (IOException | RuntimeException e) {
                post(new SessionEvent.ConnectFailed(address, String.valueOf(e.getMessage())));
            } finally {
                if (!handedOver) {
                    shared.connections().release();
                    if (ch != null) {
                        try {
                            ch.close();
                        } catch (IOException e) {
                            LOG.log(System.Logger.Level.DEBUG, "closing " + address + ": " + e);
                        }
                    }
                }
            }
        });
    }

    /** Closes a channel whose handshake takes too long (blocking channel reads have no time-out). */
    static void closeAfter(SocketChannel channel, Duration timeout) {
        try {
            Thread.sleep(timeout);
            channel.close();
        } catch (InterruptedException e) {
            // the handshake finished in time
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a slow handshake: " + e);
        }
    }

    private void shutdown() {
        running = false;
        for (PeerLink l : swarm.links()) {
            l.close("shutting down");
        }
        try {
            resume.flush();
            resumeSaver.finish();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "saving resume data: " + e);
        }
        if (announcer != null) {
            announcer.stop();
        }
        try {
            storage.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "closing files: " + e);
        }
        status = swarm.status();
        completed.completeExceptionally(new IllegalStateException("the torrent was stopped"));
        stopped.complete(null);
    }

    /**
     * Saves resume data on its own virtual thread: one save at a time, and requests that arrive
     * while one runs fold into one more save, which snapshots whatever is verified by then.
     */
    private final class ResumeSaver {
        private final ReentrantLock lock = new ReentrantLock(); // not synchronized: it is held across an fsync
        private final Condition idle = lock.newCondition();
        private boolean running;
        private boolean again;

        /** Starts a save (or queues one more after the running one); never blocks the caller on I/O. */
        void request() {
            lock.lock();
            try {
                if (running) {
                    again = true;
                    return;
                }
                running = true;
            } finally {
                lock.unlock();
            }
            Thread.ofVirtual().name("resume " + metainfo.info().name()).start(this::loop);
        }

        private void loop() {
            while (true) {
                try {
                    saveNow();
                } catch (IOException | RuntimeException e) {
                    // The pieces stay on disk; the next save (or a recheck on restart) records them.
                    LOG.log(System.Logger.Level.WARNING, "saving resume data: " + e);
                }
                lock.lock();
                try {
                    if (!again) {
                        running = false;
                        idle.signalAll();
                        return;
                    }
                    again = false;
                } finally {
                    lock.unlock();
                }
            }
        }

        private void saveNow() throws IOException {
            // The data first: resume data must never claim pieces that are not durable. Pieces are
            // written and verified on the hash pool meanwhile, so only those verified before the
            // flush are recorded.
            BitSet durable = store.verifiedPieces();
            storage.flush();
            ResumeFile.save(downloadDir, store.resumeData(metainfo.infoHash(), durable));
        }

        /** Waits (bounded) for the running save and any queued one. */
        void finish() throws IOException {
            lock.lock();
            try {
                long left = TimeUnit.SECONDS.toNanos(30);
                while (running && left > 0) {
                    left = idle.awaitNanos(left);
                }
                if (running) {
                    throw new IOException("saving resume data did not finish within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the resume data to be saved", e);
            } finally {
                lock.unlock();
            }
        }
    }

    /** The swarm's side effects, run on the loop. */
    private final class Effects implements Swarm.Effects {
        @Override
        public void verifying(int piece, CompletableFuture<PieceResult<PeerLink>> result) {
            result.whenComplete((r, error) -> {
                if (error != null) {
                    LOG.log(System.Logger.Level.WARNING, "hashing piece " + piece + " failed: " + error);
                    postChecked(new SessionEvent.PieceChecked(new PieceResult.PieceFailed<>(piece, Set.of())));
                } else {
                    postChecked(new SessionEvent.PieceChecked(r));
                }
            });
        }

        @Override
        public void pieceVerified(int piece) {
            try {
                resume.pieceVerified();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "saving resume data: " + e);
            }
        }

        @Override
        public void completed() {
            try {
                // Waited for: once the torrent says it is complete, the resume data says so too.
                resume.flush();
                resumeSaver.finish();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "saving resume data: " + e);
            }
            completedAtNanos = clock.nanoTime();
            status = swarm.status();
            if (announcer != null) {
                announcer.event(AnnounceEvent.COMPLETED);
            }
            completed.complete(null);
        }
    }

    /**
     * Announces on its own virtual thread (tracker requests block for seconds); it owns the
     * {@link TrackerClient} and its scheduler, and posts the peers it learns to the loop.
     */
    private final class Announcer {
        private final TrackerClient client;
        private final BlockingQueue<AnnounceEvent> events = new LinkedBlockingQueue<>(8);
        private final int key = new SplittableRandom().nextInt();
        private Thread thread;

        Announcer(TrackerClient client) {
            this.client = client;
        }

        void start() {
            thread = Thread.ofVirtual().name("announcer " + metainfo.info().name()).start(this::run);
        }

        void event(AnnounceEvent e) {
            events.offer(e);
        }

        void stop() {
            events.offer(AnnounceEvent.STOPPED);
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread.interrupt();
        }

        private void run() {
            AnnounceEvent next = AnnounceEvent.STARTED;
            try {
                while (true) {
                    announce(next);
                    if (next == AnnounceEvent.STOPPED) {
                        return;
                    }
                    long wait = Math.max(1, client.scheduler().nextAnnounceAtNanos() - clock.nanoTime());
                    AnnounceEvent e = events.poll(wait, TimeUnit.NANOSECONDS);
                    next = e != null ? e : AnnounceEvent.NONE;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private void announce(AnnounceEvent event) throws InterruptedException {
            SessionStatus s = status;
            AnnounceRequest req = new AnnounceRequest(metainfo.infoHash(), ourId.bytes(), shared.listenPort(), s.uploaded(),
                    s.downloaded(), s.left(), event, event == AnnounceEvent.STOPPED ? 0 : 50, key, true);
            try {
                AnnounceResponse r = client.announce(req);
                if (!r.peers().isEmpty()) {
                    post(new SessionEvent.PeersFound(r.peers()));
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.INFO, () -> "announce (" + event + ") failed: " + e.getMessage());
            }
        }
    }
}
