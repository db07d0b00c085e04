package dev.bittern.wire;

/**
 * A peer broke the wire protocol (BEP 3 / BEP 10): malformed framing, an over-long length
 * prefix, a message that does not fit the torrent. The connection owner closes the
 * connection with {@link #getMessage()} as the reason.
 *
 * <p>{@link #field()} names the offending field ("length prefix", "have.piece", "m.ut_pex");
 * {@link #offset()} is the byte offset in the peer's stream (or in the message payload, as the
 * message says), or -1 when the error is about a whole decoded message.
 */
public final class WireProtocolException extends RuntimeException {
    private final String field;
    private final long offset;

    public WireProtocolException(String field, long offset, String message) {
        super(offset >= 0 ? "wire: " + field + ": " + message + " at byte " + offset : "wire: " + field + ": " + message);
        this.field = field;
        this.offset = offset;
    }

    public WireProtocolException(String field, String message) {
        this(field, -1, message);
    }

    public String field() {
        return field;
    }

    public long offset() {
        return offset;
    }
}
