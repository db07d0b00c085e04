package dev.bittern.cli;

import dev.bittern.swarm.SwarmMode;
import dev.bittern.swarm.SwarmParameters;
import dev.bittern.swarm.SwarmPeers;
import dev.bittern.time.VirtualClock;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A test double for the command's plumbing: leecher i receives the file at a constant rate and is done
 * at 1.1^i times the bound of the mode (free-riders 1.5 times later). No sockets, virtual time.
 */
final class LinearSwarmPeers implements SwarmPeers {
    private final VirtualClock clock;
    private final SwarmParameters parameters;
    private final List<Long> startNanos = new ArrayList<>();
    private final List<Double> doneSeconds = new ArrayList<>();

    LinearSwarmPeers(VirtualClock clock, SwarmParameters parameters) {
        this.clock = clock;
        this.parameters = parameters;
    }

    @Override
    public void startTracker() {
    }

    @Override
    public void startSeed(long fileBytes, long uploadRate) {
    }

    @Override
    public void startLeecher(LeecherSpec spec) {
        double bound = parameters.mode() == SwarmMode.P2P ? parameters.bounds().p2pSeconds()
                : parameters.bounds().clientServerSeconds();
        double t = bound * Math.pow(1.1, spec.index()) * (spec.uploads() || parameters.mode() == SwarmMode.CLIENT_SERVER ? 1 : 1.5);
        startNanos.add(clock.nanoTime());
        doneSeconds.add(t);
    }

    @Override
    public Snapshot poll() {
        List<PeerStatus> leechers = new ArrayList<>();
        for (int i = 0; i < startNanos.size(); i++) {
            double elapsed = (clock.nanoTime() - startNanos.get(i)) / 1e9;
            double t = doneSeconds.get(i);
            boolean done = elapsed >= t;
            long bytes = done ? parameters.fileBytes() : (long) (parameters.fileBytes() * elapsed / t);
            leechers.add(new PeerStatus(bytes, done ? 0 : parameters.fileBytes() / t, 0, 1,
                    done ? OptionalLong.of(startNanos.get(i) + (long) (t * 1e9)) : OptionalLong.empty()));
        }
        return new Snapshot(new PeerStatus(parameters.fileBytes(), 0, parameters.seedUpload(), 0, OptionalLong.of(0)), leechers);
    }

    @Override
    public void close() {
    }
}
