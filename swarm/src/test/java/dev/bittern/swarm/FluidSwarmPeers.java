package dev.bittern.swarm;

import dev.bittern.time.VirtualClock;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.OptionalLong;

/**
 * A test double for {@link SwarmPeers}: a tiny piece-level model in virtual time, no sockets.
 * The file is cut into 64 pieces; every 10 ms of virtual time each uploader (the seed, and the
 * leechers that upload) earns upload credit at its rate and spends it on whole pieces for peers
 * that lack one it has, preferring peers that upload themselves (a crude tit-for-tat), within the
 * receiver's download credit. Deterministic, so tests can assert orderings. Not the real engine.
 */
final class FluidSwarmPeers implements SwarmPeers {
    private static final int PIECES = 64;
    private static final long STEP_NANOS = 10_000_000L;

    private final VirtualClock clock;
    private final List<Node> leechers = new ArrayList<>();
    private Node seed;
    private long pieceBytes;
    private long modelNanos;
    private boolean trackerStarted;
    private boolean closed;
    private int rotation;

    private static final class Node {
        final BitSet have = new BitSet(PIECES);
        final boolean uploads;
        final double upRate;
        final double downRate;
        double upCredit;
        double downCredit;
        long sentWindow;
        long receivedWindow;
        final BitSet sendersThisStep = new BitSet();
        OptionalLong completed = OptionalLong.empty();

        Node(boolean uploads, double upRate, double downRate) {
            this.uploads = uploads;
            this.upRate = upRate;
            this.downRate = downRate;
        }
    }

    FluidSwarmPeers(VirtualClock clock) {
        this.clock = clock;
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void startTracker() {
        trackerStarted = true;
    }

    @Override
    public void startSeed(long fileBytes, long uploadRate) {
        if (!trackerStarted) {
            throw new IllegalStateException("seed started before the tracker");
        }
        pieceBytes = Math.ceilDiv(fileBytes, PIECES);
        seed = new Node(true, uploadRate, 0);
        seed.have.set(0, PIECES);
        modelNanos = clock.nanoTime();
    }

    @Override
    public void startLeecher(LeecherSpec spec) {
        if (seed == null || spec.index() != leechers.size()) {
            throw new IllegalStateException("leecher " + spec.index() + " started out of order");
        }
        leechers.add(new Node(spec.uploads(), spec.uploadRate(), spec.downloadRate()));
    }

    @Override
    public Snapshot poll() {
        long windowStart = modelNanos;
        for (Node n : all()) {
            n.sentWindow = 0;
            n.receivedWindow = 0;
            n.sendersThisStep.clear();
        }
        while (modelNanos + STEP_NANOS <= clock.nanoTime()) {
            modelNanos += STEP_NANOS;
            step();
        }
        double window = Math.max(1e-9, (modelNanos - windowStart) / 1e9);
        List<PeerStatus> statuses = new ArrayList<>();
        for (Node n : leechers) {
            statuses.add(status(n, window));
        }
        return new Snapshot(status(seed, window), statuses);
    }

    private PeerStatus status(Node n, double window) {
        return new PeerStatus(Math.min((long) n.have.cardinality() * pieceBytes, pieceBytes * PIECES),
                n.receivedWindow / window, n.sentWindow / window, n.sendersThisStep.cardinality(), n.completed);
    }

    private List<Node> all() {
        List<Node> all = new ArrayList<>(leechers);
        all.add(seed);
        return all;
    }

    private void step() {
        double dt = STEP_NANOS / 1e9;
        for (Node n : leechers) {
            n.downCredit = n.downRate == 0 ? Double.POSITIVE_INFINITY : Math.min(n.downCredit + n.downRate * dt, 2.0 * pieceBytes);
        }
        List<Node> uploaders = new ArrayList<>();
        uploaders.add(seed);
        for (Node n : leechers) {
            if (n.uploads && n.upRate > 0) {
                uploaders.add(n);
            }
        }
        for (Node up : uploaders) {
            up.upCredit = Math.min(up.upCredit + up.upRate * dt, up.upRate * dt + pieceBytes);
            // Bounded: each pass either sends one piece (finite pieces × peers) or stops.
            while (up.upCredit >= pieceBytes) {
                if (!sendOne(up)) {
                    up.upCredit = Math.min(up.upCredit, pieceBytes);
                    break;
                }
            }
        }
        for (Node n : leechers) {
            if (n.completed.isEmpty() && n.have.cardinality() == PIECES) {
                n.completed = OptionalLong.of(modelNanos);
            }
        }
    }

    /** Sends one piece from {@code up} to the best eligible receiver; false if none can take one. */
    private boolean sendOne(Node up) {
        Node best = null;
        int bestPiece = -1;
        int n = leechers.size();
        for (int pass = 0; pass < 2 && best == null; pass++) {
            for (int k = 0; k < n; k++) {
                Node to = leechers.get((rotation + k) % n);
                // Pass 0 serves peers that upload (tit-for-tat), pass 1 everybody (optimistic unchoke).
                if (to == up || (pass == 0 && !to.uploads) || to.downCredit < pieceBytes) {
                    continue;
                }
                BitSet missing = (BitSet) up.have.clone();
                missing.andNot(to.have);
                if (!missing.isEmpty()) {
                    best = to;
                    bestPiece = rarest(missing);
                    break;
                }
            }
        }
        if (best == null) {
            return false;
        }
        rotation = (rotation + 1) % n;
        best.have.set(bestPiece);
        best.downCredit -= pieceBytes;
        up.upCredit -= pieceBytes;
        up.sentWindow += pieceBytes;
        best.receivedWindow += pieceBytes;
        best.sendersThisStep.set(all().indexOf(up));
        return true;
    }

    private int rarest(BitSet candidates) {
        int best = -1;
        int bestCount = Integer.MAX_VALUE;
        for (int p = candidates.nextSetBit(0); p >= 0; p = candidates.nextSetBit(p + 1)) {
            int count = 0;
            for (Node l : leechers) {
                count += l.have.get(p) ? 1 : 0;
            }
            if (count < bestCount) {
                best = p;
                bestCount = count;
            }
        }
        return best;
    }

    @Override
    public void close() {
        closed = true;
    }
}
