package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.time.VirtualClock;
import dev.bittern.tracker.client.UdpTrackerExchange.Outcome;
import dev.bittern.tracker.client.UdpTrackerExchange.Timeouts;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ErrorResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeCounts;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UdpTrackerExchangeTest {
    static final InfoHash HASH = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
    static final AnnounceRequest REQUEST = new AnnounceRequest(HASH, new byte[20], 6881, 0, 0, 100,
            AnnounceEvent.STARTED, 50, 7, true);

    private final VirtualClock clock = new VirtualClock();
    private final UdpTrackerConnection connection = new UdpTrackerConnection();
    private final SplittableRandom random = new SplittableRandom(1);

    private UdpTrackerExchange announce() {
        return UdpTrackerExchange.announce(clock, connection, random, Timeouts.BEP15, false, REQUEST);
    }

    private static UdpTrackerMessage.Request sent(UdpTrackerExchange x) throws Exception {
        byte[] d = x.pollDatagram().orElseThrow(() -> new AssertionError("nothing to send"));
        return UdpTrackerCodec.decodeRequest(d, d.length);
    }

    private static void reply(UdpTrackerExchange x, UdpTrackerMessage.Response r) {
        byte[] d = UdpTrackerCodec.encode(r);
        x.onDatagram(d, d.length);
    }

    private void connectWith(UdpTrackerExchange x, long id) throws Exception {
        ConnectRequest c = (ConnectRequest) sent(x);
        reply(x, new ConnectResponse(c.transactionId(), id));
    }

    @Test
    void retransmissionBacksOffFifteenTimesTwoToTheN() throws Exception {
        UdpTrackerExchange x = announce();
        List<Long> waits = new ArrayList<>();
        int sends = 0;
        while (!x.isDone()) {
            if (x.pollDatagram().isPresent()) {
                sends++;
            }
            long wait = x.wakeAtNanos() - clock.nanoTime();
            waits.add(Duration.ofNanos(wait).toSeconds());
            clock.advanceNanos(wait);
            x.onTimeout();
        }
        assertThat(waits).containsExactly(15L, 30L, 60L, 120L, 240L, 480L, 960L, 1920L, 3840L);
        assertThat(sends).as("first send and 8 retransmissions").isEqualTo(9);
        assertThat(x.outcome()).get().isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.error()).isInstanceOf(TrackerTimeoutException.class));
    }

    @Test
    void timeoutCalledBeforeTheWakeTimeDoesNothing() throws Exception {
        UdpTrackerExchange x = announce();
        sent(x);
        clock.advance(Duration.ofSeconds(14));
        x.onTimeout();
        assertThat(x.pollDatagram()).isEmpty();
        assertThat(x.wakeAtNanos()).isEqualTo(Duration.ofSeconds(15).toNanos());
    }

    @Test
    void connectThenAnnounceYieldsPeersAndCounts() throws Exception {
        UdpTrackerExchange x = announce();
        connectWith(x, 0x1234L);
        AnnounceUdpRequest a = (AnnounceUdpRequest) sent(x);
        assertThat(a.connectionId()).isEqualTo(0x1234L);
        assertThat(a.announce()).isEqualTo(REQUEST);
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName("10.0.0.9"), 51413);
        reply(x, new AnnounceUdpResponse(a.transactionId(), 1800, 4, 2, List.of(peer)));
        Outcome.Announced done = (Outcome.Announced) x.outcome().orElseThrow();
        assertThat(done.response().interval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(done.response().complete()).hasValue(2);
        assertThat(done.response().incomplete()).hasValue(4);
        assertThat(done.response().peers()).containsExactly(TrackerPeer.of(peer));
        assertThat(x.wakeAtNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void connectionIdIsReusedForOneMinute() throws Exception {
        UdpTrackerExchange first = announce();
        connectWith(first, 99L);
        AnnounceUdpRequest a = (AnnounceUdpRequest) sent(first);
        reply(first, new AnnounceUdpResponse(a.transactionId(), 60, 0, 0, List.of()));

        clock.advance(Duration.ofSeconds(59));
        UdpTrackerExchange second = announce();
        assertThat(sent(second)).isInstanceOfSatisfying(AnnounceUdpRequest.class,
                r -> assertThat(r.connectionId()).isEqualTo(99L));

        clock.advance(Duration.ofSeconds(2));
        UdpTrackerExchange third = announce();
        assertThat(sent(third)).as("the id is older than a minute").isInstanceOf(ConnectRequest.class);
    }

    @Test
    void expiredConnectionIdIsRenewedBeforeRetransmitting() throws Exception {
        UdpTrackerExchange x = announce();
        connectWith(x, 5L);
        assertThat(sent(x)).isInstanceOf(AnnounceUdpRequest.class);
        clock.advance(Duration.ofSeconds(15));
        x.onTimeout();
        assertThat(sent(x)).as("at 15 s the id is still valid").isInstanceOf(AnnounceUdpRequest.class);
        clock.advance(Duration.ofSeconds(30));
        x.onTimeout();
        assertThat(sent(x)).as("at 45 s the id is still valid").isInstanceOf(AnnounceUdpRequest.class);
        clock.advance(Duration.ofSeconds(60));
        x.onTimeout();
        assertThat(sent(x)).as("at 105 s the id has expired").isInstanceOf(ConnectRequest.class);
    }

    @Test
    void wrongTransactionIdIsIgnored() throws Exception {
        UdpTrackerExchange x = announce();
        ConnectRequest c = (ConnectRequest) sent(x);
        reply(x, new ConnectResponse(c.transactionId() + 1, 1L));
        x.onDatagram(new byte[3], 3);
        assertThat(x.isDone()).isFalse();
        assertThat(x.pollDatagram()).isEmpty();
        assertThat(x.ignoredDatagrams()).isEqualTo(2);
        reply(x, new ConnectResponse(c.transactionId(), 1L));
        assertThat(sent(x)).isInstanceOf(AnnounceUdpRequest.class);
    }

    @Test
    void lateAnswerToAnEarlierCopyIsAccepted() throws Exception {
        UdpTrackerExchange x = announce();
        ConnectRequest first = (ConnectRequest) sent(x);
        clock.advance(Duration.ofSeconds(15));
        x.onTimeout();
        ConnectRequest second = (ConnectRequest) sent(x);
        assertThat(second.transactionId()).isEqualTo(first.transactionId());
        reply(x, new ConnectResponse(first.transactionId(), 3L));
        assertThat(sent(x)).isInstanceOf(AnnounceUdpRequest.class);
        assertThat(x.wakeAtNanos() - clock.nanoTime()).as("a new step starts at n = 0").isEqualTo(Duration.ofSeconds(15).toNanos());
    }

    @Test
    void errorActionFailsWithTheTrackersMessageAndForgetsTheConnection() throws Exception {
        UdpTrackerExchange x = announce();
        connectWith(x, 8L);
        AnnounceUdpRequest a = (AnnounceUdpRequest) sent(x);
        reply(x, new ErrorResponse(a.transactionId(), "torrent not registered"));
        assertThat(x.outcome()).get().isInstanceOfSatisfying(Outcome.Failed.class, f ->
                assertThat(((TrackerFailureException) f.error()).reason()).isEqualTo("torrent not registered"));
        assertThat(connection.isUsableAt(clock.nanoTime())).isFalse();
    }

    @Test
    void unexpectedActionFailsNamingTheAction() throws Exception {
        UdpTrackerExchange x = announce();
        ConnectRequest c = (ConnectRequest) sent(x);
        reply(x, new ScrapeUdpResponse(c.transactionId(), List.of()));
        assertThat(x.outcome()).get().isInstanceOfSatisfying(Outcome.Failed.class, f ->
                assertThat(((TrackerProtocolException) f.error()).field()).isEqualTo("action"));
    }

    @Test
    void scrapeCountsAreMatchedToTheAskedHashesInOrder() throws Exception {
        InfoHash other = InfoHash.fromHex("ffffffffffffffffffffffffffffffffffffffff");
        UdpTrackerExchange x = UdpTrackerExchange.scrape(clock, connection, random, Timeouts.BEP15, false, List.of(HASH, other));
        connectWith(x, 4L);
        ScrapeUdpRequest s = (ScrapeUdpRequest) sent(x);
        assertThat(s.infoHashes()).containsExactly(HASH, other);
        reply(x, new ScrapeUdpResponse(s.transactionId(), List.of(new ScrapeCounts(1, 2, 3), new ScrapeCounts(4, 5, 6))));
        assertThat(((Outcome.Scraped) x.outcome().orElseThrow()).responses())
                .containsExactly(new ScrapeResponse(HASH, 1, 2, 3), new ScrapeResponse(other, 4, 5, 6));
    }
}
