package dev.bittern.tracker.client;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.time.Clock;
import dev.bittern.tracker.client.UdpTrackerExchange.Outcome;
import dev.bittern.tracker.client.UdpTrackerExchange.Timeouts;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.channels.DatagramChannel;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Runs {@link UdpTrackerExchange}s over a real socket: a blocking {@link DatagramChannel}
 * connected to the tracker (so datagrams from other addresses never reach us), receiving with
 * a timeout up to the exchange's next wake time. Blocking and cheap on a virtual thread.
 * Keeps each tracker's connection id for reuse; one owner thread, not thread-safe.
 */
public final class UdpTrackerTransport {
    private final Clock clock;
    private final RandomGenerator random;
    private final Timeouts timeouts;
    private final Map<InetSocketAddress, UdpTrackerConnection> connections = new HashMap<>();

    public UdpTrackerTransport(Clock clock, RandomGenerator random, Timeouts timeouts) {
        this.clock = clock;
        this.random = random;
        this.timeouts = timeouts;
    }

    public AnnounceResponse announce(String url, AnnounceRequest request) throws IOException {
        InetSocketAddress target = resolve(url);
        Outcome o = run(target, c -> UdpTrackerExchange.announce(clock, c, random, timeouts, isIpv6(target), request));
        return switch (o) {
            case Outcome.Announced a -> a.response();
            case Outcome.Failed f -> throw f.error();
            case Outcome.Scraped s -> throw new IllegalStateException("announce exchange ended with a scrape");
        };
    }

    public List<ScrapeResponse> scrape(String url, List<InfoHash> infoHashes) throws IOException {
        InetSocketAddress target = resolve(url);
        Outcome o = run(target, c -> UdpTrackerExchange.scrape(clock, c, random, timeouts, isIpv6(target), infoHashes));
        return switch (o) {
            case Outcome.Scraped s -> s.responses();
            case Outcome.Failed f -> throw f.error();
            case Outcome.Announced a -> throw new IllegalStateException("scrape exchange ended with an announce");
        };
    }

    private Outcome run(InetSocketAddress target, Function<UdpTrackerConnection, UdpTrackerExchange> start) throws IOException {
        UdpTrackerConnection connection = connections.computeIfAbsent(target, t -> new UdpTrackerConnection());
        UdpTrackerExchange exchange = start.apply(connection);
        byte[] buffer = new byte[UdpTrackerCodec.MAX_DATAGRAM];
        try (DatagramChannel channel = DatagramChannel.open()) {
            channel.connect(target);
            DatagramSocket socket = channel.socket();
            // Bounded: every pass either sends, receives or reaches a wake time, and the exchange
            // gives up after its last retransmission.
            while (!exchange.isDone()) {
                Optional<byte[]> datagram = exchange.pollDatagram();
                if (datagram.isPresent()) {
                    // A PortUnreachableException (ICMP: nobody listens) ends the exchange as an IOException.
                    socket.send(new DatagramPacket(datagram.get(), datagram.get().length));
                }
                long waitNanos = exchange.wakeAtNanos() - clock.nanoTime();
                if (waitNanos <= 0) {
                    exchange.onTimeout();
                    continue;
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (waitNanos + 999_999) / 1_000_000)));
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.receive(packet);
                    exchange.onDatagram(packet.getData(), packet.getLength());
                } catch (SocketTimeoutException e) {
                    exchange.onTimeout();
                }
            }
        }
        return exchange.outcome().orElseThrow();
    }

    private static boolean isIpv6(InetSocketAddress a) {
        return a.getAddress() instanceof Inet6Address;
    }

    static InetSocketAddress resolve(String url) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedTrackerException("not a valid tracker URL: " + url);
        }
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new UnsupportedTrackerException("UDP tracker URL needs a host and a port: " + url);
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        return new InetSocketAddress(InetAddress.getByName(host), uri.getPort());
    }
}
