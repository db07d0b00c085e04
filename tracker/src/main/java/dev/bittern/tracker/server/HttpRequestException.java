package dev.bittern.tracker.server;

/** A request head this server cannot serve: the status to answer and the byte offset of the fault. */
public final class HttpRequestException extends RuntimeException {
    private final int status;
    private final int offset;

    public HttpRequestException(int status, int offset, String reason) {
        super(reason + " (at byte " + offset + " of the request head)");
        this.status = status;
        this.offset = offset;
    }

    public int status() {
        return status;
    }

    public int offset() {
        return offset;
    }
}
