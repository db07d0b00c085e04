package dev.bittern.metainfo;

/** A .torrent that is well-formed bencode but not a valid metainfo file; names the offending field. */
public final class MetainfoException extends RuntimeException {
    private final String field;

    public MetainfoException(String field, String message) {
        super("invalid torrent: " + field + ": " + message);
        this.field = field;
    }

    public MetainfoException(String field, String message, Throwable cause) {
        super("invalid torrent: " + field + ": " + message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
