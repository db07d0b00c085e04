package dev.bittern.tracker.server;

/**
 * A request the tracker refuses: malformed, out of range, or not allowed. The message names the
 * offending field and is what the client sees as {@code failure reason} (HTTP) or in the error
 * packet (UDP).
 */
public class TrackerRequestException extends RuntimeException {
    private final String field;

    public TrackerRequestException(String field, String reason) {
        super(field + ": " + reason);
        this.field = field;
    }

    /** The query parameter or packet field at fault. */
    public String field() {
        return field;
    }
}
