package dev.bittern.swarm;

import java.util.ArrayList;
import java.util.List;

/** Hand-made timelines for the output tests. */
final class SwarmTimelines {
    private SwarmTimelines() {
    }

    /** N=3 (last one a free-rider), F=64 MiB defaults otherwise; completions at 40, 44 and (free-rider) 50 s. */
    static SwarmTimeline threePeers() {
        SwarmParameters p = new SwarmParameters(3, 64 * SwarmParameters.MIB, 4 * SwarmParameters.MIB,
                SwarmParameters.MIB, 0, 1, SwarmMode.P2P);
        double[] done = {40, 44, 50};
        List<PeerTimeline> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            PeerTimeline t = new PeerTimeline("peer-" + (i + 1), p.isFreeRider(i));
            for (int s = 0; s <= 10; s++) {
                double sec = done[i] * s / 10;
                t.add(new PeerSample(sec, p.fileBytes() * s / 10, s == 10 ? 0 : p.fileBytes() / done[i],
                        p.uploadOf(i) / 2.0, i == 2 ? 1 : 3));
            }
            t.complete(done[i]);
            peers.add(t);
        }
        return new SwarmTimeline(p, peers, 50.5);
    }
}
