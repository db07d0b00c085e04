package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CompactPeersProperties {
    @Provide
    Arbitrary<List<InetSocketAddress>> ipv4Peers() {
        return peers(4).list().ofMaxSize(50);
    }

    @Provide
    Arbitrary<List<InetSocketAddress>> ipv6Peers() {
        return peers(16).list().ofMaxSize(50);
    }

    static Arbitrary<InetSocketAddress> peers(int addressBytes) {
        return Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(addressBytes), Arbitraries.integers().between(0, 65535))
                .as((raw, port) -> new InetSocketAddress(raw.length == 16 ? CompactPeers.literal6(raw) : CompactPeers.literal(raw), port));
    }

    @Property
    void ipv4PeersRoundTrip(@ForAll("ipv4Peers") List<InetSocketAddress> peers) throws Exception {
        byte[] bytes = CompactPeers.encode(peers, false);
        assertThat(bytes).hasSize(6 * peers.size());
        assertThat(CompactPeers.decode(bytes, false, "peers")).isEqualTo(peers);
    }

    @Property
    void ipv6PeersRoundTrip(@ForAll("ipv6Peers") List<InetSocketAddress> peers) throws Exception {
        byte[] bytes = CompactPeers.encode(peers, true);
        assertThat(bytes).hasSize(18 * peers.size());
        assertThat(CompactPeers.decode(bytes, true, "peers6")).isEqualTo(peers);
    }

    @net.jqwik.api.Example
    void ipv4MappedAddressesInPeers6StayIpv6() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1, 0x1a, (byte) 0xe1};
        assertThat(CompactPeers.decode(mapped, true, "peers6").getFirst().getAddress()).isInstanceOf(java.net.Inet6Address.class);
        assertThat(CompactPeers.encode(CompactPeers.decode(mapped, true, "peers6"), true)).isEqualTo(mapped);
    }

    @Property
    void decodingIsTheInverseOfEncodingForAnyWholeNumberOfEntries(@ForAll byte[] raw) throws Exception {
        byte[] whole = java.util.Arrays.copyOf(raw, raw.length - raw.length % 6);
        List<InetSocketAddress> peers = CompactPeers.decode(whole, false, "peers");
        assertThat(CompactPeers.encode(peers, false)).isEqualTo(whole);
    }
}
