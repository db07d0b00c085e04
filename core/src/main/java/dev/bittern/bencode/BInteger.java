package dev.bittern.bencode;

/** A bencoded integer. BEP 3 sets no bound; Bittern accepts the signed 64-bit range and rejects the rest. */
public record BInteger(long value) implements BValue {
    public static BInteger of(long value) {
        return new BInteger(value);
    }

    @Override
    public String typeName() {
        return "integer";
    }
}
