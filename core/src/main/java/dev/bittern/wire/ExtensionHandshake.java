package dev.bittern.wire;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BInteger;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.bencode.BencodeException;
import dev.bittern.bencode.BencodeLimits;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The BEP 10 extension handshake: the payload of extended message id 0.
 *
 * @param messages     {@code m}: extension name to the id the sender wants to receive it as (0 = disabled)
 * @param client       {@code v}: client name and version
 * @param listenPort   {@code p}: the sender's TCP listen port
 * @param requestQueue {@code reqq}: how many outstanding requests the sender accepts
 * @param metadataSize {@code metadata_size} (BEP 9): size of the info dictionary in bytes
 * @param yourIp       {@code yourip}: our address as the sender sees it (compact 4 or 16 bytes)
 * @param extra        every other key, kept so nothing a peer sends is silently lost
 */
public record ExtensionHandshake(SortedMap<String, Integer> messages, Optional<String> client, OptionalInt listenPort,
                                 OptionalInt requestQueue, OptionalLong metadataSize, Optional<InetAddress> yourIp,
                                 BDictionary extra) {
    /** The extended message id of the handshake itself (BEP 10). */
    public static final int HANDSHAKE_ID = 0;
    private static final BencodeLimits LIMITS = new BencodeLimits(16, MessageLimits.DEFAULT_MAX_EXTENDED_PAYLOAD);
    private static final java.util.Set<String> KNOWN = java.util.Set.of("m", "v", "p", "reqq", "metadata_size", "yourip");

    public ExtensionHandshake {
        messages = Collections.unmodifiableSortedMap(new TreeMap<>(messages));
        for (Map.Entry<String, Integer> e : messages.entrySet()) {
            if (e.getValue() < 0 || e.getValue() > 0xff) {
                throw new IllegalArgumentException("extension id of " + e.getKey() + " outside 0..255: " + e.getValue());
            }
        }
        for (String k : KNOWN) {
            if (extra.containsKey(k)) {
                throw new IllegalArgumentException("extra must not contain the known key " + k);
            }
        }
    }

    /** A handshake with just the {@code m} dictionary and client name. */
    public static ExtensionHandshake of(Map<String, Integer> messages, String client) {
        return new ExtensionHandshake(new TreeMap<>(messages), Optional.of(client), OptionalInt.empty(), OptionalInt.empty(),
                OptionalLong.empty(), Optional.empty(), BDictionary.builder().build());
    }

    /** The id under which the sender wants to receive {@code extension}, if it supports it (non-zero). */
    public OptionalInt idOf(String extension) {
        Integer id = messages.get(extension);
        return id == null || id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    public byte[] encode() {
        BDictionary.Builder m = BDictionary.builder();
        messages.forEach((k, v) -> m.put(k, v));
        BDictionary.Builder d = BDictionary.builder().putAll(extra.entries()).put("m", m.build());
        client.ifPresent(v -> d.put("v", v));
        listenPort.ifPresent(p -> d.put("p", p));
        requestQueue.ifPresent(q -> d.put("reqq", q));
        metadataSize.ifPresent(s -> d.put("metadata_size", s));
        yourIp.ifPresent(ip -> d.put("yourip", ip.getAddress()));
        return Bencode.encode(d.build());
    }

    public PeerMessage.Extended toMessage() {
        return new PeerMessage.Extended(HANDSHAKE_ID, encode());
    }

    /** Parses the payload of an extended message with id 0. Unknown keys go to {@link #extra()}. */
    public static ExtensionHandshake parse(byte[] payload) {
        BDictionary d;
        try {
            d = Bencode.decodeDictionary(payload, LIMITS);
        } catch (BencodeException e) {
            throw new WireProtocolException("extension handshake", e.offset(), e.getMessage());
        }
        TreeMap<String, Integer> messages = new TreeMap<>();
        BValue mv = d.get("m");
        if (mv != null) {
            if (!(mv instanceof BDictionary m)) {
                throw new WireProtocolException("extension handshake.m", "expected a dictionary, found " + mv.typeName());
            }
            for (Map.Entry<BString, BValue> e : m.entries().entrySet()) {
                String name = e.getKey().utf8();
                if (!(e.getValue() instanceof BInteger(long id)) || id < 0 || id > 0xff) {
                    throw new WireProtocolException("extension handshake.m." + name, "expected an extension id 0..255, found "
                            + describe(e.getValue()));
                }
                messages.put(name, (int) id);
            }
        }
        Optional<String> client = Optional.ofNullable(string(d, "v")).map(BString::utf8);
        OptionalInt port = integer(d, "p", 0, 0xffff);
        OptionalInt reqq = integer(d, "reqq", 0, Integer.MAX_VALUE);
        OptionalLong metadataSize = OptionalLong.empty();
        BValue ms = d.get("metadata_size");
        if (ms != null) {
            if (!(ms instanceof BInteger(long size)) || size < 0) {
                throw new WireProtocolException("extension handshake.metadata_size", "expected a non-negative integer, found " + describe(ms));
            }
            metadataSize = OptionalLong.of(size);
        }
        Optional<InetAddress> yourIp = Optional.empty();
        BString ip = string(d, "yourip");
        if (ip != null) {
            if (ip.length() != 4 && ip.length() != 16) {
                throw new WireProtocolException("extension handshake.yourip", "expected 4 or 16 bytes (compact address), found " + ip.length());
            }
            try {
                yourIp = Optional.of(InetAddress.getByAddress(ip.bytes()));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("4 or 16 bytes are always an address", e);
            }
        }
        BDictionary.Builder extra = BDictionary.builder();
        d.entries().forEach((k, v) -> {
            if (!KNOWN.contains(k.utf8()) || !k.isValidUtf8()) {
                extra.put(k, v);
            }
        });
        return new ExtensionHandshake(messages, client, port, reqq, metadataSize, yourIp, extra.build());
    }

    private static BString string(BDictionary d, String key) {
        BValue v = d.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof BString s) {
            return s;
        }
        throw new WireProtocolException("extension handshake." + key, "expected a string, found " + v.typeName());
    }

    private static OptionalInt integer(BDictionary d, String key, long min, long max) {
        BValue v = d.get(key);
        if (v == null) {
            return OptionalInt.empty();
        }
        if (v instanceof BInteger(long x) && x >= min && x <= max) {
            return OptionalInt.of((int) x);
        }
        throw new WireProtocolException("extension handshake." + key, "expected an integer " + min + ".." + max + ", found " + describe(v));
    }

    private static String describe(BValue v) {
        return v instanceof BInteger(long x) ? "integer " + x : v.typeName();
    }
}
