package dev.bittern.swarm;

/**
 * One observation of one peer during a run.
 *
 * @param seconds    time since the swarm started
 * @param bytes      verified bytes the peer has
 * @param downRate   bytes/s received
 * @param upRate     bytes/s sent
 * @param unchokedBy how many peers currently unchoke this one (-1 if the engine cannot tell)
 */
public record PeerSample(double seconds, long bytes, double downRate, double upRate, int unchokedBy) {
    public PeerSample {
        if (!(seconds >= 0) || bytes < 0 || !(downRate >= 0) || !(upRate >= 0) || unchokedBy < -1) {
            throw new IllegalArgumentException("invalid sample: " + seconds + " s, " + bytes + " bytes, "
                    + downRate + "/" + upRate + " B/s, unchoked by " + unchokedBy);
        }
    }
}
