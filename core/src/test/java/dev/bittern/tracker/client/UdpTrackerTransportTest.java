package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.time.Clock;
import dev.bittern.tracker.client.UdpTrackerExchange.Timeouts;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ErrorResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeCounts;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpResponse;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real socket adapter against a scripted UDP tracker on 127.0.0.1, with short test timeouts. */
class UdpTrackerTransportTest {
    static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final AnnounceRequest REQUEST = new AnnounceRequest(HASH, new byte[20], 6881, 0, 0, 1,
            AnnounceEvent.STARTED, -1, 3, true);
    static final Timeouts SHORT = new Timeouts(Duration.ofMillis(200), 2);

    private final List<UdpTrackerMessage.Request> received = new CopyOnWriteArrayList<>();
    private DatagramSocket trackerSocket;
    private Thread trackerThread;

    /** Starts a responder; the script maps (request, index of the request) to a reply, or null to drop it. */
    private String startTracker(BiFunction<UdpTrackerMessage.Request, Integer, UdpTrackerMessage.Response> script) throws SocketException {
        return startTracker(InetAddress.getLoopbackAddress(), script);
    }

    private String startTracker(InetAddress bind, BiFunction<UdpTrackerMessage.Request, Integer, UdpTrackerMessage.Response> script)
            throws SocketException {
        trackerSocket = new DatagramSocket(new InetSocketAddress(bind, 0));
        DatagramSocket s = trackerSocket;
        trackerThread = Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[2048];
            try {
                for (int i = 0; i < 100; i++) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    s.receive(p);
                    UdpTrackerMessage.Request request = UdpTrackerCodec.decodeRequest(p.getData(), p.getLength());
                    received.add(request);
                    UdpTrackerMessage.Response reply = script.apply(request, received.size() - 1);
                    if (reply != null) {
                        byte[] out = UdpTrackerCodec.encode(reply);
                        s.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                    }
                }
            } catch (java.io.IOException closedAtTheEndOfTheTest) {
                // the test closed the socket: the responder ends
                return;
            }
        });
        String host = bind instanceof java.net.Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
        return "udp://" + host + ":" + s.getLocalPort() + "/announce";
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (trackerSocket != null) {
            trackerSocket.close();
            trackerThread.join(Duration.ofSeconds(5));
        }
    }

    private static UdpTrackerMessage.Response normalTracker(UdpTrackerMessage.Request r) {
        return switch (r) {
            case ConnectRequest c -> new ConnectResponse(c.transactionId(), 0xC0FFEEL);
            case AnnounceUdpRequest a -> new AnnounceUdpResponse(a.transactionId(), 900, 1, 2,
                    List.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.announce().port() + 1)));
            case ScrapeUdpRequest s -> new ScrapeUdpResponse(s.transactionId(), List.of(new ScrapeCounts(5, 6, 7)));
        };
    }

    @Test
    void droppedFirstPacketIsRetransmittedAndTheAnnounceSucceeds() throws Exception {
        String url = startTracker((r, i) -> i == 0 ? null : normalTracker(r));
        UdpTrackerTransport transport = new UdpTrackerTransport(Clock.system(), new SplittableRandom(1), SHORT);
        AnnounceResponse r = transport.announce(url, REQUEST);
        assertThat(r.peers()).containsExactly(TrackerPeer.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 6882)));
        assertThat(r.interval()).isEqualTo(Duration.ofSeconds(900));
        // A loaded machine may add retransmissions of the announce, never fewer sends.
        assertThat(received.get(0)).isInstanceOf(ConnectRequest.class).as("same transaction id").isEqualTo(received.get(1));
        assertThat(received.subList(2, received.size())).isNotEmpty().allSatisfy(m -> {
            assertThat(((AnnounceUdpRequest) m).connectionId()).isEqualTo(0xC0FFEEL);
            assertThat(((AnnounceUdpRequest) m).announce()).isEqualTo(REQUEST);
        });
    }

    @Test
    void scrapeAfterAnnounceReusesTheConnectionId() throws Exception {
        String url = startTracker((r, i) -> normalTracker(r));
        UdpTrackerTransport transport = new UdpTrackerTransport(Clock.system(), new SplittableRandom(2), SHORT);
        transport.announce(url, REQUEST);
        List<ScrapeResponse> s = transport.scrape(url, List.of(HASH));
        assertThat(s).containsExactly(new ScrapeResponse(HASH, 5, 6, 7));
        assertThat(received).filteredOn(m -> m instanceof ConnectRequest).as("one connect for both").hasSize(1);
        assertThat(received.getLast()).isInstanceOfSatisfying(ScrapeUdpRequest.class,
                r -> assertThat(r.connectionId()).isEqualTo(0xC0FFEEL));
    }

    @Test
    void silentTrackerTimesOutAfterTheLastRetransmission() throws Exception {
        String url = startTracker((r, i) -> null);
        UdpTrackerTransport transport = new UdpTrackerTransport(Clock.system(), new SplittableRandom(3), SHORT);
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.announce(url, REQUEST)).isInstanceOf(TrackerTimeoutException.class);
        // 200 + 400 + 800 ms of waiting with 2 retransmissions.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
        assertThat(received).hasSize(3);
    }

    @Test
    void trackerErrorIsReportedWithItsMessage() throws Exception {
        String url = startTracker((r, i) -> r instanceof ConnectRequest c ? new ConnectResponse(c.transactionId(), 1L)
                : new ErrorResponse(r.transactionId(), "info_hash not in whitelist"));
        UdpTrackerTransport transport = new UdpTrackerTransport(Clock.system(), new SplittableRandom(4), SHORT);
        assertThatThrownBy(() -> transport.announce(url, REQUEST))
                .isInstanceOf(TrackerFailureException.class).hasMessageContaining("info_hash not in whitelist");
    }

    @Test
    void answerWithAWrongTransactionIdIsIgnored() throws Exception {
        String url = startTracker((r, i) -> i == 0 ? new ConnectResponse(r.transactionId() ^ 1, 9L) : normalTracker(r));
        UdpTrackerTransport transport = new UdpTrackerTransport(Clock.system(), new SplittableRandom(5), SHORT);
        transport.announce(url, REQUEST);
        assertThat(received.get(1)).as("the connect is retransmitted").isInstanceOf(ConnectRequest.class);
        assertThat(received.getLast()).isInstanceOfSatisfying(AnnounceUdpRequest.class,
                r -> assertThat(r.connectionId()).isEqualTo(0xC0FFEEL));
    }

    @Test
    void trackerReachedOverIpv6AnswersWithEighteenBytePeers() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        InetSocketAddress peer = new InetSocketAddress(v6, 6999);
        String url = startTracker(v6, (r, i) -> r instanceof AnnounceUdpRequest a
                ? new AnnounceUdpResponse(a.transactionId(), 60, 0, 1, List.of(peer)) : normalTracker(r));
        assertThat(url).startsWith("udp://[");
        UdpTrackerTransport transport = new UdpTrackerTransport(Clock.system(), new SplittableRandom(7), SHORT);
        assertThat(transport.announce(url, REQUEST).peers()).containsExactly(TrackerPeer.of(peer));
    }

    @Test
    void urlWithoutPortIsUnsupported() {
        UdpTrackerTransport transport = new UdpTrackerTransport(Clock.system(), new SplittableRandom(6), SHORT);
        assertThatThrownBy(() -> transport.announce("udp://127.0.0.1/announce", REQUEST))
                .isInstanceOf(UnsupportedTrackerException.class).hasMessageContaining("port");
    }
}
