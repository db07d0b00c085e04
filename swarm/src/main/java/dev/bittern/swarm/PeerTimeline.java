package dev.bittern.swarm;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalDouble;

/** The samples of one leecher and, once it has the whole file, its completion time. One owner: the runner. */
public final class PeerTimeline {
    private final String name;
    private final boolean freeRider;
    private final List<PeerSample> samples = new ArrayList<>();
    private OptionalDouble completedSeconds = OptionalDouble.empty();

    public PeerTimeline(String name, boolean freeRider) {
        this.name = name;
        this.freeRider = freeRider;
    }

    public String name() {
        return name;
    }

    public boolean freeRider() {
        return freeRider;
    }

    /** Appends a sample; samples are in time order. */
    public void add(PeerSample sample) {
        if (!samples.isEmpty() && sample.seconds() < samples.getLast().seconds()) {
            throw new IllegalArgumentException("sample at " + sample.seconds() + " s is before the previous one at "
                    + samples.getLast().seconds() + " s");
        }
        samples.add(sample);
    }

    /** Records the completion time; the first one counts. */
    public void complete(double seconds) {
        if (completedSeconds.isEmpty()) {
            completedSeconds = OptionalDouble.of(seconds);
        }
    }

    public List<PeerSample> samples() {
        return Collections.unmodifiableList(samples);
    }

    /** Seconds from the swarm's start until this peer had every piece; empty if it never finished. */
    public OptionalDouble completedSeconds() {
        return completedSeconds;
    }
}
