package dev.bittern.tracker.client;

/** The tracker did not answer in time (after all BEP 15 retransmissions, or the HTTP timeout). */
public final class TrackerTimeoutException extends TrackerException {
    public TrackerTimeoutException(String message) {
        super(message);
    }
}
