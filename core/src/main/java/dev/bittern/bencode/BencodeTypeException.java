package dev.bittern.bencode;

/** A well-formed value that does not have the shape a caller needs (missing key, wrong type). */
public final class BencodeTypeException extends RuntimeException {
    private final String key;

    public BencodeTypeException(String key, String expected, String found) {
        super("field '" + key + "': expected " + expected + ", found " + found);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
