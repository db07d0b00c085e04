package dev.bittern.swarm;

import java.util.OptionalDouble;

/**
 * One N of a sweep: the last completion time measured in P2P and in client-server mode (empty if
 * that run did not finish in time), and the lecture's bounds for N.
 */
public record SweepPoint(int peers, OptionalDouble p2pSeconds, OptionalDouble clientServerSeconds,
                         DistributionBounds bounds) {
}
