package dev.bittern.tracker.client;

/**
 * A tracker URL this client cannot talk to (a scheme other than http, https and udp, such as a
 * WebTorrent {@code wss://} tracker, or a URL without host or port). It counts as one failed
 * tracker of its tier, so the other trackers are still tried (BEP 12).
 */
public final class UnsupportedTrackerException extends TrackerException {
    public UnsupportedTrackerException(String message) {
        super(message);
    }
}
