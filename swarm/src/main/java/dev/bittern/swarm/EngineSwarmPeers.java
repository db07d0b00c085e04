package dev.bittern.swarm;

import dev.bittern.create.ContentScanner;
import dev.bittern.create.PieceHasher;
import dev.bittern.create.TorrentCreator;
import dev.bittern.engine.Choker;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.session.Client;
import dev.bittern.session.SessionSettings;
import dev.bittern.session.SessionStatus;
import dev.bittern.session.TorrentSession;
import dev.bittern.storage.FileSelection;
import dev.bittern.time.Clock;
import dev.bittern.tracker.server.TrackerConfig;
import dev.bittern.tracker.server.TrackerLimits;
import dev.bittern.tracker.server.TrackerServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * The experiment with real peers: a {@link TrackerServer} on 127.0.0.1, a random file and its torrent
 * in a temporary directory, and one engine {@link Client} per peer (the seed and every leecher) in
 * this JVM, each with its own listening port and rate limits, finding each other through the tracker
 * and trading over loopback TCP with the engine's real choker and piece picker.
 *
 * <p>A peer that must never upload (free-rider, or any leecher in client-server mode) gets a choker
 * with no regular and no optimistic unchoke slot: it never unchokes anybody, which is exactly how a
 * free-rider looks to the others.
 */
public final class EngineSwarmPeers implements SwarmPeers {
    /** The lecture's BitTorrent uses 256 KiB chunks; small files get smaller pieces so peers can trade. */
    static final int MAX_PIECE = 256 * 1024;
    static final int MIN_PIECE = 16 * 1024;
    private static final int MAX_LEECHERS = 4096;

    private final Clock clock;
    private final Path root;
    private final int peerCount;
    private final AtomicLongArray completedNanos;
    private final List<Client> leecherClients = new ArrayList<>();
    private final List<TorrentSession> leechers = new ArrayList<>();
    private TrackerServer tracker;
    private Client seedClient;
    private TorrentSession seed;
    private Metainfo metainfo;
    private Path seedFile;
    /** Removes the (N+1)·F bytes of copies if the JVM is stopped mid-run (Ctrl-C); unregistered by close(). */
    private final Thread cleanupOnExit;

    public EngineSwarmPeers(SwarmParameters parameters, Clock clock) throws IOException {
        if (parameters.peers() > MAX_LEECHERS) {
            throw new IllegalArgumentException("--peers: at most " + MAX_LEECHERS + " peers run in one process, not " + parameters.peers());
        }
        this.clock = clock;
        this.peerCount = parameters.peers();
        this.completedNanos = new AtomicLongArray(peerCount);
        for (int i = 0; i < peerCount; i++) {
            completedNanos.set(i, -1);
        }
        this.root = Files.createTempDirectory("bittern-swarm-");
        this.cleanupOnExit = new Thread(() -> {
            try {
                deleteTree(root);
            } catch (IOException e) {
                System.err.println("bittern swarm: could not remove " + root + ": " + e.getMessage());
            }
        }, "swarm cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnExit);
    }

    /** The factory for {@link SwarmRunner}: real peers on the system clock. */
    public static SwarmPeers.Factory factory() {
        return p -> new EngineSwarmPeers(p, Clock.system());
    }

    /** Piece length: the largest power of two up to F/64, between 16 KiB and 256 KiB. */
    static int pieceLength(long fileBytes) {
        long target = Math.max(MIN_PIECE, Math.min(MAX_PIECE, fileBytes / 64));
        return Integer.highestOneBit((int) target);
    }

    @Override
    public void startTracker() throws IOException {
        tracker = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), 0, -1, Optional.empty(),
                Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system());
    }

    @Override
    public void startSeed(long fileBytes, long uploadRate) throws IOException {
        if (tracker == null) {
            throw new IllegalStateException("start the tracker before the seed");
        }
        Path seedDir = Files.createDirectories(root.resolve("seed"));
        seedFile = randomFile(seedDir.resolve("swarm.bin"), fileBytes);
        String announce = "http://127.0.0.1:" + tracker.httpPort() + "/announce";
        TorrentCreator.Result torrent = new TorrentCreator(new PieceHasher()).create(ContentScanner.scan(seedFile),
                new TorrentCreator.Options(List.of(List.of(announce)), OptionalInt.of(pieceLength(fileBytes)), false,
                        Optional.empty(), OptionalLong.empty(), TorrentCreator.CREATED_BY), done -> {
                });
        Files.write(root.resolve("swarm.torrent"), torrent.torrent());
        metainfo = torrent.metainfo();
        seedClient = startClient();
        seed = seedClient.add(metainfo, seedDir, FileSelection.all(), null, settings(true, uploadRate, 0), true);
    }

    @Override
    public void startLeecher(LeecherSpec spec) throws IOException {
        if (seed == null) {
            throw new IllegalStateException("start the seed before leecher " + spec.index());
        }
        if (spec.index() != leechers.size() || spec.index() >= peerCount) {
            throw new IllegalStateException("leecher " + spec.index() + " started out of order");
        }
        Client client = startClient();
        leecherClients.add(client);
        TorrentSession session = client.add(metainfo, Files.createDirectories(root.resolve(spec.name())),
                FileSelection.all(), null, settings(spec.uploads(), spec.uploadRate(), spec.downloadRate()), true);
        leechers.add(session);
        int index = spec.index();
        session.completed().thenRun(() -> completedNanos.compareAndSet(index, -1, clock.nanoTime()));
    }

    private static Client startClient() throws IOException {
        return Client.start(new Client.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200, 0, 0));
    }

    /** Per-torrent limits; a peer that must not upload gets a choker that never unchokes. */
    static SessionSettings settings(boolean uploads, long uploadRate, long downloadRate) {
        SessionSettings d = SessionSettings.DEFAULTS;
        Choker.Settings c = d.choker();
        Choker.Settings choker = uploads ? c : new Choker.Settings(0, false, c.round(), c.optimisticPeriod(),
                c.snubTimeout(), c.newPeerAge(), c.newPeerWeight(), c.seedSlotTime());
        return new SessionSettings(d.maxPeers(), uploads ? uploadRate : 0, downloadRate, choker, d.pipeline(),
                d.requestTimeout(), d.maxPeerRequests(), d.banAfter(), d.reconnectDelay(), d.directWrites());
    }

    @Override
    public Snapshot poll() {
        List<PeerStatus> statuses = new ArrayList<>();
        for (int i = 0; i < leechers.size(); i++) {
            long at = completedNanos.get(i);
            statuses.add(status(leechers.get(i).status(), at < 0 ? OptionalLong.empty() : OptionalLong.of(at)));
        }
        PeerStatus seedStatus = seed == null ? new PeerStatus(0, 0, 0, -1, OptionalLong.empty())
                : status(seed.status(), OptionalLong.of(0));
        return new Snapshot(seedStatus, statuses);
    }

    /**
     * The engine refreshes its status once a second with 20-second average rates; a peer that has
     * completed is shown complete even if that refresh has not happened yet. Unchoked-by is the
     * engine's count of connections whose remote side does not choke us.
     */
    private static PeerStatus status(SessionStatus s, OptionalLong completed) {
        long bytes = completed.isPresent() ? s.totalLength() : s.totalLength() - s.left();
        return new PeerStatus(bytes, s.downloadRate(), s.uploadRate(), s.unchokedBy(), completed);
    }

    /** Where leecher {@code index} keeps its copy (for checks after a run). */
    public Path leecherFile(int index) {
        return root.resolve("peer-" + (index + 1)).resolve(seedFile.getFileName());
    }

    public Path seedFile() {
        return seedFile;
    }

    /** Writes {@code size} random bytes to {@code file} in 1 MiB chunks; returns {@code file}. */
    public static Path randomFile(Path file, long size) throws IOException {
        SplittableRandom random = new SplittableRandom();
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long done = 0; done < size; ) {
                int n = (int) Math.min(chunk.length, size - done);
                random.nextBytes(chunk);
                out.write(chunk, 0, n);
                done += n;
            }
        }
        return file;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        List<AutoCloseable> all = new ArrayList<>(leecherClients);
        if (seedClient != null) {
            all.add(seedClient);
        }
        if (tracker != null) {
            all.add(tracker);
        }
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                IOException io = e instanceof IOException x ? x : new IOException("stopping a swarm peer: " + e, e);
                if (first == null) {
                    first = io;
                } else {
                    first.addSuppressed(io);
                }
            }
        }
        try {
            deleteTree(root);
        } catch (IOException e) {
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnExit);
        } catch (IllegalStateException shuttingDown) {
            // Closed from within a shutdown: the hook runs anyway and finds nothing left to delete.
        }
        if (first != null) {
            throw first;
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
