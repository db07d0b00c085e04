package dev.bittern.bencode;

/**
 * Bounds on untrusted input: nesting depth and total input size. Strings and lists are
 * further bounded by the input itself, since a length prefix is checked against the bytes
 * that remain before anything is allocated.
 */
public record BencodeLimits(int maxDepth, int maxInputBytes) {
    /** Generous enough for any real .torrent (64 MiB covers ~3 million pieces). */
    public static final BencodeLimits DEFAULT = new BencodeLimits(64, 64 << 20);

    public BencodeLimits {
        if (maxDepth < 1 || maxInputBytes < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
