package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ErrorResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeCounts;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpResponse;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class UdpTrackerCodecProperties {
    static Arbitrary<InfoHash> infoHashes() {
        return Arbitraries.bytes().array(byte[].class).ofSize(20).map(InfoHash::of);
    }

    static Arbitrary<AnnounceRequest> announces() {
        return Builders.withBuilder(() -> new Object[10])
                .use(infoHashes()).in((a, v) -> set(a, 0, v))
                .use(Arbitraries.bytes().array(byte[].class).ofSize(20)).in((a, v) -> set(a, 1, v))
                .use(Arbitraries.integers().between(0, 65535)).in((a, v) -> set(a, 2, v))
                .use(Arbitraries.longs().greaterOrEqual(0)).in((a, v) -> set(a, 3, v))
                .use(Arbitraries.longs().greaterOrEqual(0)).in((a, v) -> set(a, 4, v))
                .use(Arbitraries.longs().greaterOrEqual(0)).in((a, v) -> set(a, 5, v))
                .use(Arbitraries.of(AnnounceEvent.class)).in((a, v) -> set(a, 6, v))
                .use(Arbitraries.integers().greaterOrEqual(-1)).in((a, v) -> set(a, 7, v))
                .use(Arbitraries.integers()).in((a, v) -> set(a, 8, v))
                .build(a -> new AnnounceRequest((InfoHash) a[0], (byte[]) a[1], (int) a[2], (long) a[3], (long) a[4],
                        (long) a[5], (AnnounceEvent) a[6], (int) a[7], (int) a[8], true));
    }

    private static Object[] set(Object[] a, int i, Object v) {
        a[i] = v;
        return a;
    }

    @Provide
    Arbitrary<UdpTrackerMessage.Request> requests() {
        Arbitrary<Integer> tid = Arbitraries.integers();
        Arbitrary<Long> conn = Arbitraries.longs();
        return Arbitraries.oneOf(
                tid.map(ConnectRequest::new),
                Combinators.combine(conn, tid, announces()).as(AnnounceUdpRequest::new),
                Combinators.combine(conn, tid, infoHashes().list().ofMinSize(1).ofMaxSize(UdpTrackerCodec.MAX_SCRAPE_HASHES))
                        .as(ScrapeUdpRequest::new));
    }

    @Provide
    Arbitrary<UdpTrackerMessage.Response> ipv4Responses() {
        return responses(CompactPeersProperties.peers(4).list().ofMaxSize(200));
    }

    @Provide
    Arbitrary<UdpTrackerMessage.Response> ipv6Responses() {
        return responses(CompactPeersProperties.peers(16).list().ofMaxSize(200));
    }

    private static Arbitrary<UdpTrackerMessage.Response> responses(Arbitrary<java.util.List<java.net.InetSocketAddress>> peers) {
        Arbitrary<Integer> tid = Arbitraries.integers();
        Arbitrary<Integer> count = Arbitraries.integers().greaterOrEqual(0);
        return Arbitraries.oneOf(
                Combinators.combine(tid, Arbitraries.longs()).as(ConnectResponse::new),
                Combinators.combine(tid, count, count, count, peers).as(AnnounceUdpResponse::new),
                Combinators.combine(tid, Combinators.combine(count, count, count).as(ScrapeCounts::new).list().ofMaxSize(74))
                        .as(ScrapeUdpResponse::new),
                Combinators.combine(tid, Arbitraries.strings().ofMaxLength(100)).as(ErrorResponse::new));
    }

    @Property
    void requestsRoundTrip(@ForAll("requests") UdpTrackerMessage.Request request) throws Exception {
        byte[] bytes = UdpTrackerCodec.encode(request);
        assertThat(UdpTrackerCodec.decodeRequest(bytes, bytes.length)).isEqualTo(request);
    }

    @Property
    void ipv4ResponsesRoundTrip(@ForAll("ipv4Responses") UdpTrackerMessage.Response response) throws Exception {
        byte[] bytes = UdpTrackerCodec.encode(response);
        assertThat(UdpTrackerCodec.decodeResponse(bytes, bytes.length, false)).isEqualTo(response);
    }

    @Property
    void ipv6ResponsesRoundTrip(@ForAll("ipv6Responses") UdpTrackerMessage.Response response) throws Exception {
        byte[] bytes = UdpTrackerCodec.encode(response);
        assertThat(UdpTrackerCodec.decodeResponse(bytes, bytes.length, true)).isEqualTo(response);
    }
}
