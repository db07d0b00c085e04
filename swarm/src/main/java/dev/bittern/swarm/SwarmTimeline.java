package dev.bittern.swarm;

import java.util.List;
import java.util.OptionalDouble;

/**
 * What one run produced: its parameters, one timeline per leecher (in peer order), and how long
 * it ran (until the last peer finished, or until the time limit).
 */
public record SwarmTimeline(SwarmParameters parameters, List<PeerTimeline> peers, double elapsedSeconds) {
    public SwarmTimeline {
        peers = List.copyOf(peers);
        if (peers.size() != parameters.peers()) {
            throw new IllegalArgumentException(peers.size() + " timelines for " + parameters.peers() + " peers");
        }
    }

    public boolean allCompleted() {
        return peers.stream().allMatch(p -> p.completedSeconds().isPresent());
    }

    /** The last completion among all leechers, or empty if one did not finish. */
    public OptionalDouble lastCompletion() {
        return allCompleted() ? last(peers) : OptionalDouble.empty();
    }

    /** The last completion among the given peers that finished, if any did. */
    static OptionalDouble last(List<PeerTimeline> group) {
        return group.stream().map(PeerTimeline::completedSeconds).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).max();
    }

    public List<PeerTimeline> contributors() {
        return peers.stream().filter(p -> !p.freeRider()).toList();
    }

    public List<PeerTimeline> freeRiders() {
        return peers.stream().filter(PeerTimeline::freeRider).toList();
    }
}
