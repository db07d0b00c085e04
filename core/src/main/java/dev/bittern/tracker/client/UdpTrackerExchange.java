package dev.bittern.tracker.client;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.time.Clock;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ErrorResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeCounts;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ScrapeUdpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * One BEP 15 transaction (connect if needed, then announce or scrape) as a sans-I/O state
 * machine. The owner sends what {@link #pollDatagram()} returns, calls {@link #onTimeout()}
 * once the clock reaches {@link #wakeAtNanos()}, and feeds every datagram from the tracker to
 * {@link #onDatagram}. It ends with an {@link Outcome}.
 *
 * <p>Retransmission (BEP 15 "Time outs"): without an answer after 15·2^n seconds the request
 * is sent again with n+1, n starting at 0 and going up to 8; after the 8th retransmission's
 * 3840 s the tracker counts as unreachable. Each answered step starts again at n = 0. A
 * connection id is reused for one minute ({@link UdpTrackerConnection}); if it expires while
 * the request is being retransmitted, the exchange reconnects first. A datagram whose
 * transaction id is not the current one is ignored (late answer or spoofing), as BEP 15 asks.
 */
public final class UdpTrackerExchange {
    /** Timing of retransmissions; tests shorten the base, the protocol default is {@link #BEP15}. */
    public record Timeouts(Duration base, int maxRetransmissions) {
        public static final Timeouts BEP15 = new Timeouts(Duration.ofSeconds(15), 8);

        public Timeouts {
            if (base.isNegative() || base.isZero() || maxRetransmissions < 0 || maxRetransmissions > 20) {
                throw new IllegalArgumentException("bad UDP tracker timeouts: " + base + ", " + maxRetransmissions);
            }
        }

        /** The wait after the n-th send: base·2^n. */
        public long afterNanos(int n) {
            return base.toNanos() << n;
        }
    }

    /** How the exchange ended. */
    public sealed interface Outcome {
        record Announced(AnnounceResponse response) implements Outcome {
        }

        /** Counts in the order of the asked info-hashes; a tracker may answer for fewer. */
        record Scraped(List<ScrapeResponse> responses) implements Outcome {
        }

        record Failed(TrackerException error) implements Outcome {
        }
    }

    private enum Phase { CONNECTING, REQUESTING, DONE }

    private final Clock clock;
    private final UdpTrackerConnection connection;
    private final RandomGenerator random;
    private final Timeouts timeouts;
    private final boolean ipv6;
    private final AnnounceRequest announce;
    private final List<InfoHash> scrape;

    private Phase phase;
    private int transactionId;
    private int retransmissions;
    private long wakeAt = Long.MAX_VALUE;
    private byte[] pending;
    private Outcome outcome;
    private long ignoredDatagrams;

    private UdpTrackerExchange(Clock clock, UdpTrackerConnection connection, RandomGenerator random, Timeouts timeouts,
                               boolean ipv6, AnnounceRequest announce, List<InfoHash> scrape) {
        this.clock = Objects.requireNonNull(clock);
        this.connection = Objects.requireNonNull(connection);
        this.random = Objects.requireNonNull(random);
        this.timeouts = Objects.requireNonNull(timeouts);
        this.ipv6 = ipv6;
        this.announce = announce;
        this.scrape = scrape;
        if (connection.isUsableAt(clock.nanoTime())) {
            startRequest();
        } else {
            startConnect();
        }
    }

    /**
     * An announce exchange.
     *
     * @param ipv6 whether the tracker is reached over IPv6, so its peers are 18 bytes each
     */
    public static UdpTrackerExchange announce(Clock clock, UdpTrackerConnection connection, RandomGenerator random,
                                              Timeouts timeouts, boolean ipv6, AnnounceRequest request) {
        return new UdpTrackerExchange(clock, connection, random, timeouts, ipv6, Objects.requireNonNull(request), null);
    }

    /** A scrape exchange for 1 to 74 info-hashes. */
    public static UdpTrackerExchange scrape(Clock clock, UdpTrackerConnection connection, RandomGenerator random,
                                            Timeouts timeouts, boolean ipv6, List<InfoHash> infoHashes) {
        List<InfoHash> hashes = List.copyOf(infoHashes);
        if (hashes.isEmpty() || hashes.size() > UdpTrackerCodec.MAX_SCRAPE_HASHES) {
            throw new IllegalArgumentException("a UDP scrape carries 1 to 74 info-hashes, got " + hashes.size());
        }
        return new UdpTrackerExchange(clock, connection, random, timeouts, ipv6, null, hashes);
    }

    /** The datagram to send now, if any; each is returned once. */
    public Optional<byte[]> pollDatagram() {
        byte[] p = pending;
        pending = null;
        return Optional.ofNullable(p);
    }

    /** When {@link #onTimeout()} is due; {@link Long#MAX_VALUE} once done. */
    public long wakeAtNanos() {
        return phase == Phase.DONE ? Long.MAX_VALUE : wakeAt;
    }

    public boolean isDone() {
        return phase == Phase.DONE;
    }

    public Optional<Outcome> outcome() {
        return Optional.ofNullable(outcome);
    }

    /** Datagrams dropped for a wrong transaction id or a too-short header, for diagnostics. */
    public long ignoredDatagrams() {
        return ignoredDatagrams;
    }

    /** Retransmits (or gives up) if the wake time has come; calling it early does nothing. */
    public void onTimeout() {
        long now = clock.nanoTime();
        if (phase == Phase.DONE || now < wakeAt) {
            return;
        }
        if (retransmissions >= timeouts.maxRetransmissions()) {
            finish(new Outcome.Failed(new TrackerTimeoutException("UDP tracker did not answer after "
                    + (retransmissions + 1) + " sends (BEP 15 timeouts up to "
                    + Duration.ofNanos(timeouts.afterNanos(retransmissions)).toSeconds() + " s)")));
            return;
        }
        retransmissions++;
        if (phase == Phase.REQUESTING && !connection.isUsableAt(now)) {
            // BEP 15: an expired connection id must be requested again before retrying.
            phase = Phase.CONNECTING;
            transactionId = random.nextInt();
            pending = UdpTrackerCodec.encode(new ConnectRequest(transactionId));
        } else {
            // Same transaction id: a late answer to an earlier copy is still accepted.
            pending = phase == Phase.CONNECTING ? UdpTrackerCodec.encode(new ConnectRequest(transactionId)) : request();
        }
        wakeAt = now + timeouts.afterNanos(retransmissions);
    }

    /** Handles one datagram from the tracker ({@code length} bytes of {@code packet}). */
    public void onDatagram(byte[] packet, int length) {
        if (phase == Phase.DONE) {
            return;
        }
        OptionalInt tid = UdpTrackerCodec.responseTransactionId(packet, length);
        if (tid.isEmpty() || tid.getAsInt() != transactionId) {
            ignoredDatagrams++;
            return;
        }
        UdpTrackerMessage.Response response;
        try {
            response = UdpTrackerCodec.decodeResponse(packet, length, ipv6);
        } catch (TrackerProtocolException e) {
            finish(new Outcome.Failed(e));
            return;
        }
        switch (response) {
            case ErrorResponse e -> {
                connection.forget();
                finish(new Outcome.Failed(new TrackerFailureException(e.message())));
            }
            case ConnectResponse c when phase == Phase.CONNECTING -> {
                connection.remember(c.connectionId(), clock.nanoTime());
                startRequest();
            }
            case AnnounceUdpResponse a when phase == Phase.REQUESTING && announce != null -> finish(new Outcome.Announced(
                    new AnnounceResponse(Duration.ofSeconds(Math.min(a.interval(), HttpTrackerResponses.MAX_INTERVAL_SECONDS)),
                            Optional.empty(), Optional.empty(), OptionalLong.of(a.seeders()), OptionalLong.of(a.leechers()),
                            a.peers().stream().map(TrackerPeer::of).toList(), Optional.empty())));
            case ScrapeUdpResponse s when phase == Phase.REQUESTING && scrape != null -> finishScrape(s);
            default -> finish(new Outcome.Failed(new TrackerProtocolException("action", 0,
                    "unexpected " + response.getClass().getSimpleName() + " while " + phase.name().toLowerCase(java.util.Locale.ROOT))));
        }
    }

    private void finishScrape(ScrapeUdpResponse s) {
        if (s.counts().size() > scrape.size()) {
            finish(new Outcome.Failed(new TrackerProtocolException("scrape", 8,
                    s.counts().size() + " results for " + scrape.size() + " info-hashes")));
            return;
        }
        List<ScrapeResponse> out = new ArrayList<>(s.counts().size());
        for (int i = 0; i < s.counts().size(); i++) {
            ScrapeCounts c = s.counts().get(i);
            out.add(new ScrapeResponse(scrape.get(i), c.seeders(), c.completed(), c.leechers()));
        }
        finish(new Outcome.Scraped(out));
    }

    private void startConnect() {
        phase = Phase.CONNECTING;
        send(UdpTrackerCodec.encode(new ConnectRequest(newTransactionId())));
    }

    private void startRequest() {
        phase = Phase.REQUESTING;
        newTransactionId();
        send(request());
    }

    private int newTransactionId() {
        transactionId = random.nextInt();
        return transactionId;
    }

    private byte[] request() {
        long id = connection.connectionId();
        return announce != null
                ? UdpTrackerCodec.encode(new AnnounceUdpRequest(id, transactionId, announce))
                : UdpTrackerCodec.encode(new ScrapeUdpRequest(id, transactionId, scrape));
    }

    private void send(byte[] datagram) {
        retransmissions = 0;
        pending = datagram;
        wakeAt = clock.nanoTime() + timeouts.afterNanos(0);
    }

    private void finish(Outcome o) {
        outcome = o;
        phase = Phase.DONE;
        pending = null;
    }
}
