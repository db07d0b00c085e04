package dev.bittern.tracker.client;

/**
 * The tracker answered with an explicit refusal: the HTTP {@code failure reason} key (BEP 3)
 * or a UDP error action (BEP 15). {@link #reason()} is the tracker's own text.
 */
public final class TrackerFailureException extends TrackerException {
    private final String reason;

    public TrackerFailureException(String reason) {
        super("tracker refused: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
