package dev.bittern.bencode;

/** Malformed or over-limit bencoded input; {@link #offset()} is the byte offset where decoding failed. */
public final class BencodeException extends RuntimeException {
    private final long offset;

    public BencodeException(long offset, String message) {
        super("bencode: " + message + " at byte " + offset);
        this.offset = offset;
    }

    public long offset() {
        return offset;
    }
}
