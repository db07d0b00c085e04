package dev.bittern.swarm;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * The peers of one experiment, as {@link SwarmRunner} drives them: a tracker, one seed holding a
 * file of F bytes, and N leechers, each with its own rate limits. The runner calls the start
 * methods once each, in this order, then {@link #poll} until every leecher is done or time is up,
 * then {@link #close}. Implementations: the real engine over loopback TCP ({@code EngineSwarmPeers}),
 * and a fluid model in the tests.
 */
public interface SwarmPeers extends AutoCloseable {

    /** Starts the tracker the seed and the leechers announce to. */
    void startTracker() throws IOException;

    /** Creates a random file of {@code fileBytes}, its torrent, and a seed uploading at most {@code uploadRate} bytes/s. */
    void startSeed(long fileBytes, long uploadRate) throws IOException;

    /** Starts one leecher; leechers are numbered 0..N-1 in the order they are started. */
    void startLeecher(LeecherSpec spec) throws IOException;

    /** The current state of the seed and of every leecher started so far (in start order). */
    Snapshot poll();

    /** Stops every peer and the tracker and removes the temporary files. */
    @Override
    void close() throws IOException;

    /**
     * One leecher's configuration.
     *
     * @param uploads      false: the peer never uploads (a free-rider, or any leecher in client-server mode)
     * @param uploadRate   bytes/s, meaningful only when {@code uploads}
     * @param downloadRate bytes/s; 0 = unlimited
     */
    record LeecherSpec(int index, String name, boolean uploads, long uploadRate, long downloadRate) {
        public LeecherSpec {
            if (index < 0 || uploadRate < 0 || downloadRate < 0) {
                throw new IllegalArgumentException("invalid leecher " + index + ": up " + uploadRate + ", down " + downloadRate);
            }
        }

        /** The spec of leecher {@code index} for these parameters. */
        public static LeecherSpec of(SwarmParameters p, int index) {
            return new LeecherSpec(index, "peer-" + (index + 1), p.uploadOf(index) > 0, p.uploadOf(index), p.peerDownload());
        }
    }

    /**
     * One peer's state.
     *
     * @param bytes          verified bytes it has
     * @param downRate       bytes/s received
     * @param upRate         bytes/s sent
     * @param unchokedBy     how many peers unchoke it now; -1 if unknown
     * @param completedNanos when it got the last piece, on the runner's clock; empty while incomplete
     */
    record PeerStatus(long bytes, double downRate, double upRate, int unchokedBy, OptionalLong completedNanos) {
        public boolean complete() {
            return completedNanos.isPresent();
        }
    }

    record Snapshot(PeerStatus seed, List<PeerStatus> leechers) {
        public Snapshot {
            leechers = List.copyOf(leechers);
        }
    }

    /** Builds a fresh set of peers for each run (a sweep runs many). */
    @FunctionalInterface
    interface Factory {
        SwarmPeers create(SwarmParameters parameters) throws IOException;
    }
}
