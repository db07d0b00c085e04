package dev.bittern.tracker.client;

/**
 * A tracker response that does not follow the protocol. {@link #field()} names the offending
 * field (e.g. {@code "peers"}, {@code "interval"}, {@code "action"}) and {@link #offset()}
 * the byte offset in the body or datagram where it was found, or -1 when unknown.
 */
public final class TrackerProtocolException extends TrackerException {
    private final String field;
    private final long offset;

    public TrackerProtocolException(String field, long offset, String message) {
        super("malformed tracker response: field '" + field + "'"
                + (offset >= 0 ? " at byte " + offset : "") + ": " + message);
        this.field = field;
        this.offset = offset;
    }

    public TrackerProtocolException(String field, long offset, String message, Throwable cause) {
        super("malformed tracker response: field '" + field + "'"
                + (offset >= 0 ? " at byte " + offset : "") + ": " + message, cause);
        this.field = field;
        this.offset = offset;
    }

    public String field() {
        return field;
    }

    public long offset() {
        return offset;
    }
}
