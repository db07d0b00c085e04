package dev.bittern.bencode;

import java.util.List;

/** A bencoded list; immutable. */
public record BList(List<BValue> values) implements BValue {
    public BList {
        values = List.copyOf(values);
    }

    public static BList of(BValue... values) {
        return new BList(List.of(values));
    }

    public int size() {
        return values.size();
    }

    public BValue get(int i) {
        return values.get(i);
    }

    @Override
    public String typeName() {
        return "list";
    }
}
