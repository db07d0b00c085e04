package dev.bittern.bencode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strict bencoding (BEP 3) codec.
 *
 * <p>Decoding accepts only canonical input: integers without leading zeros or "-0",
 * string lengths without leading zeros, dictionary keys that are byte strings in strictly
 * ascending raw-byte order, and nothing after the top-level value. Every error names the
 * byte offset. The cost is bounded by {@link BencodeLimits}: no length prefix allocates
 * before it is checked against the remaining input, and nesting depth is capped so hostile
 * input cannot exhaust the stack.
 */
public final class Bencode {
    private Bencode() {
    }

    public static BValue decode(byte[] input) {
        return decode(input, BencodeLimits.DEFAULT);
    }

    public static BValue decode(byte[] input, BencodeLimits limits) {
        return new Decoder(input, 0, input.length, limits, false, true).decodeAll();
    }

    /** Decodes input that must be a dictionary. */
    public static BDictionary decodeDictionary(byte[] input) {
        return decodeDictionary(input, BencodeLimits.DEFAULT);
    }

    public static BDictionary decodeDictionary(byte[] input, BencodeLimits limits) {
        BValue v = decode(input, limits);
        if (v instanceof BDictionary d) {
            return d;
        }
        throw new BencodeException(0, "expected a dictionary at top level, found " + v.typeName());
    }

    /**
     * Like {@link #decodeDictionary(byte[], BencodeLimits)} but accepts dictionary keys in any
     * order. Only for answers whose bytes are never hashed or re-encoded, such as tracker
     * responses: some trackers in the wild emit keys unsorted, which BEP 3 forbids but which
     * loses no information. Everything else stays strict: duplicate keys (ambiguous), leading
     * zeros, trailing data, and the same depth and size bounds.
     */
    public static BDictionary decodeDictionaryAnyKeyOrder(byte[] input, BencodeLimits limits) {
        BValue v = new Decoder(input, 0, input.length, limits, false, false).decodeAll();
        if (v instanceof BDictionary d) {
            return d;
        }
        throw new BencodeException(0, "expected a dictionary at top level, found " + v.typeName());
    }

    /**
     * Decodes a top-level dictionary and also returns each top-level value's exact bytes.
     * The info-hash is the SHA-1 of the raw {@code info} bytes as they appear in the file
     * (BEP 3), so they must never be re-encoded.
     */
    public static DecodedDictionary decodeWithRawValues(byte[] input, BencodeLimits limits) {
        Decoder d = new Decoder(input, 0, input.length, limits, true, true);
        BValue v = d.decodeAll();
        if (!(v instanceof BDictionary dict)) {
            throw new BencodeException(0, "expected a dictionary at top level, found " + v.typeName());
        }
        return new DecodedDictionary(dict, input, d.topLevelSpans);
    }

    /**
     * Decodes the single value starting at {@code offset}, ignoring what follows it. For
     * framings where a bencoded value is followed by other bytes (BEP 9 metadata messages).
     * Returns the value and the offset just past it.
     */
    public static Prefix decodePrefix(byte[] input, int offset, int length, BencodeLimits limits) {
        Decoder d = new Decoder(input, offset, offset + length, limits, false, true);
        BValue v = d.value(0);
        return new Prefix(v, d.pos);
    }

    public record Prefix(BValue value, int end) {
    }

    /** A decoded top-level dictionary with access to the raw bytes of its values. */
    public static final class DecodedDictionary {
        private final BDictionary dictionary;
        private final byte[] input;
        private final Map<BString, int[]> spans;

        DecodedDictionary(BDictionary dictionary, byte[] input, Map<BString, int[]> spans) {
            this.dictionary = dictionary;
            this.input = input;
            this.spans = spans;
        }

        public BDictionary dictionary() {
            return dictionary;
        }

        /** The exact bytes of the value under {@code key}, or null when absent. */
        public byte[] rawValue(String key) {
            int[] s = spans.get(BString.of(key));
            return s == null ? null : Arrays.copyOfRange(input, s[0], s[1]);
        }
    }

    public static byte[] encode(BValue value) {
        ByteSink out = new ByteSink(256);
        write(value, out);
        return out.toByteArray();
    }

    private static void write(BValue value, ByteSink out) {
        switch (value) {
            case BString s -> s.writeTo(out);
            case BInteger i -> {
                out.write('i');
                out.writeAscii(Long.toString(i.value()));
                out.write('e');
            }
            case BList l -> {
                out.write('l');
                for (BValue v : l.values()) {
                    write(v, out);
                }
                out.write('e');
            }
            case BDictionary d -> {
                out.write('d');
                for (Map.Entry<BString, BValue> e : d.entries().entrySet()) {
                    e.getKey().writeTo(out);
                    write(e.getValue(), out);
                }
                out.write('e');
            }
        }
    }

    private static final class Decoder {
        private final byte[] in;
        private final int end;
        private final BencodeLimits limits;
        private final boolean recordSpans;
        private final boolean sortedKeys;
        private int pos;
        Map<BString, int[]> topLevelSpans;

        Decoder(byte[] in, int start, int end, BencodeLimits limits, boolean recordSpans, boolean sortedKeys) {
            if (end - start > limits.maxInputBytes()) {
                throw new BencodeException(limits.maxInputBytes(),
                        "input of " + (end - start) + " bytes exceeds the limit of " + limits.maxInputBytes());
            }
            this.in = in;
            this.pos = start;
            this.end = end;
            this.limits = limits;
            this.recordSpans = recordSpans;
            this.sortedKeys = sortedKeys;
        }

        BValue decodeAll() {
            if (pos >= end) {
                throw new BencodeException(pos, "empty input");
            }
            BValue v = value(0);
            if (pos != end) {
                throw new BencodeException(pos, "trailing data after the top-level value (" + (end - pos) + " bytes)");
            }
            return v;
        }

        BValue value(int depth) {
            if (pos >= end) {
                throw new BencodeException(pos, "unexpected end of input, expected a value");
            }
            byte b = in[pos];
            return switch (b) {
                case 'i' -> integer();
                case 'l' -> list(depth);
                case 'd' -> dictionary(depth);
                default -> {
                    if (b >= '0' && b <= '9') {
                        yield string();
                    }
                    throw new BencodeException(pos, "expected 'i', 'l', 'd' or a digit, found " + describe(b));
                }
            };
        }

        private void enter(int depth) {
            if (depth >= limits.maxDepth()) {
                throw new BencodeException(pos, "nesting deeper than " + limits.maxDepth());
            }
        }

        private BList list(int depth) {
            enter(depth);
            pos++; // 'l'
            ArrayList<BValue> values = new ArrayList<>();
            while (true) {
                if (pos >= end) {
                    throw new BencodeException(pos, "unexpected end of input inside a list, expected a value or 'e'");
                }
                if (in[pos] == 'e') {
                    pos++;
                    return new BList(values);
                }
                values.add(value(depth + 1));
            }
        }

        private BDictionary dictionary(int depth) {
            enter(depth);
            boolean top = recordSpans && depth == 0;
            if (top) {
                topLevelSpans = new TreeMap<>();
            }
            pos++; // 'd'
            TreeMap<BString, BValue> map = new TreeMap<>();
            BString previous = null;
            while (true) {
                if (pos >= end) {
                    throw new BencodeException(pos, "unexpected end of input inside a dictionary, expected a key or 'e'");
                }
                byte b = in[pos];
                if (b == 'e') {
                    pos++;
                    return new BDictionary(map);
                }
                int keyAt = pos;
                if (b < '0' || b > '9') {
                    throw new BencodeException(pos, "dictionary key must be a byte string, found " + describe(b));
                }
                BString key = string();
                if (!sortedKeys) {
                    if (map.containsKey(key)) {
                        throw new BencodeException(keyAt, "duplicate dictionary key '" + key + "'");
                    }
                } else if (previous != null) {
                    int c = previous.compareTo(key);
                    if (c == 0) {
                        throw new BencodeException(keyAt, "duplicate dictionary key '" + key + "'");
                    }
                    if (c > 0) {
                        throw new BencodeException(keyAt, "dictionary key '" + key + "' is not in sorted order (after '" + previous + "')");
                    }
                }
                int valueAt = pos;
                BValue v = value(depth + 1);
                if (top) {
                    topLevelSpans.put(key, new int[] {valueAt, pos});
                }
                map.put(key, v);
                previous = key;
            }
        }

        private BInteger integer() {
            int start = pos;
            pos++; // 'i'
            boolean negative = false;
            if (pos < end && in[pos] == '-') {
                negative = true;
                pos++;
            }
            int digitsAt = pos;
            long value = 0;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                int d = in[pos] - '0';
                // Accumulate negatively so Long.MIN_VALUE is representable.
                if (value < (Long.MIN_VALUE + d) / 10) {
                    throw new BencodeException(start, "integer does not fit in 64 bits");
                }
                value = value * 10 - d;
                pos++;
            }
            int digits = pos - digitsAt;
            if (digits == 0) {
                throw new BencodeException(pos, pos >= end ? "unexpected end of input in an integer" : "expected a digit in an integer, found " + describe(in[pos]));
            }
            if (in[digitsAt] == '0' && (digits > 1 || negative)) {
                throw new BencodeException(digitsAt, negative ? "negative zero is not allowed" : "integer with a leading zero");
            }
            if (pos >= end) {
                throw new BencodeException(pos, "unexpected end of input, expected 'e' to end the integer");
            }
            if (in[pos] != 'e') {
                throw new BencodeException(pos, "expected 'e' to end the integer, found " + describe(in[pos]));
            }
            pos++;
            if (!negative) {
                if (value == Long.MIN_VALUE) {
                    throw new BencodeException(start, "integer does not fit in 64 bits");
                }
                value = -value;
            }
            return new BInteger(value);
        }

        private BString string() {
            int start = pos;
            long length = 0;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                length = length * 10 + (in[pos] - '0');
                // Never trust the prefix: it can only be as long as what is left.
                if (length > end - start) {
                    throw new BencodeException(start, "string length prefix exceeds the " + (end - start) + " bytes left in the input");
                }
                pos++;
            }
            if (pos - start > 1 && in[start] == '0') {
                throw new BencodeException(start, "string length with a leading zero");
            }
            if (pos >= end) {
                throw new BencodeException(pos, "unexpected end of input, expected ':' after the string length");
            }
            if (in[pos] != ':') {
                throw new BencodeException(pos, "expected ':' after the string length, found " + describe(in[pos]));
            }
            pos++;
            if (length > end - pos) {
                throw new BencodeException(start, "string of " + length + " bytes runs past the end of input (" + (end - pos) + " bytes left)");
            }
            byte[] bytes = Arrays.copyOfRange(in, pos, pos + (int) length);
            pos += (int) length;
            return BString.wrap(bytes);
        }

        private static String describe(byte b) {
            int c = b & 0xff;
            return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format("byte 0x%02x", c);
        }
    }
}
