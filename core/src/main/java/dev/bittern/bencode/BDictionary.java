package dev.bittern.bencode;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bencoded dictionary: keys are byte strings, kept in raw-byte order (BEP 3), so
 * encoding is canonical by construction. Immutable.
 */
public record BDictionary(SortedMap<BString, BValue> entries) implements BValue {
    public BDictionary {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public static Builder builder() {
        return new Builder();
    }

    public BValue get(String key) {
        return entries.get(BString.of(key));
    }

    public boolean containsKey(String key) {
        return entries.containsKey(BString.of(key));
    }

    public int size() {
        return entries.size();
    }

    /** The value under {@code key} if present and of {@code type}; absent if missing; {@link BencodeTypeException} if of another type. */
    public <T extends BValue> Optional<T> optional(String key, Class<T> type) {
        BValue v = get(key);
        if (v == null) {
            return Optional.empty();
        }
        if (!type.isInstance(v)) {
            throw new BencodeTypeException(key, typeNameOf(type), v.typeName());
        }
        return Optional.of(type.cast(v));
    }

    /** The value under {@code key}, which must be present and of {@code type}. */
    public <T extends BValue> T require(String key, Class<T> type) {
        return optional(key, type).orElseThrow(() -> new BencodeTypeException(key, typeNameOf(type), "nothing"));
    }

    public Optional<String> optionalString(String key) {
        return optional(key, BString.class).map(BString::utf8);
    }

    public Optional<Long> optionalLong(String key) {
        return optional(key, BInteger.class).map(BInteger::value);
    }

    public String requireString(String key) {
        return require(key, BString.class).utf8();
    }

    public long requireLong(String key) {
        return require(key, BInteger.class).value();
    }

    private static String typeNameOf(Class<? extends BValue> type) {
        if (type == BString.class) return "string";
        if (type == BInteger.class) return "integer";
        if (type == BList.class) return "list";
        if (type == BDictionary.class) return "dictionary";
        return "value";
    }

    @Override
    public String typeName() {
        return "dictionary";
    }

    /** Builds a dictionary; later puts of the same key replace earlier ones. */
    public static final class Builder {
        private final TreeMap<BString, BValue> map = new TreeMap<>();

        public Builder put(String key, BValue value) {
            map.put(BString.of(key), value);
            return this;
        }

        public Builder put(BString key, BValue value) {
            map.put(key, value);
            return this;
        }

        public Builder put(String key, String utf8) {
            return put(key, BString.of(utf8));
        }

        public Builder put(String key, byte[] bytes) {
            return put(key, BString.of(bytes));
        }

        public Builder put(String key, long value) {
            return put(key, BInteger.of(value));
        }

        public Builder putAll(Map<BString, BValue> entries) {
            map.putAll(entries);
            return this;
        }

        public BDictionary build() {
            return new BDictionary(map);
        }
    }
}
