package dev.bittern.tracker.server;

import dev.bittern.time.Clock;

import java.util.Optional;

/**
 * Sans-I/O BEP 15 endpoint: one datagram and its sender in, the datagram to send back (if any)
 * out. Requests other than connect must carry a connection id issued to the same address within
 * the last two minutes; see {@link ConnectionIds}.
 */
public final class UdpTrackerProtocol {
    private final TrackerService tracker;
    private final ConnectionIds connectionIds;
    private final Clock clock;
    private final boolean trustIpField;

    public UdpTrackerProtocol(TrackerService tracker, ConnectionIds connectionIds, Clock clock, boolean trustIpField) {
        this.tracker = tracker;
        this.connectionIds = connectionIds;
        this.clock = clock;
        this.trustIpField = trustIpField;
    }

    /** @return the response datagram, or empty when the packet deserves no answer (too short to have a transaction id) */
    public Optional<byte[]> handle(byte[] packet, int length, PeerAddress sender) {
        try {
            UdpRequest request = UdpTrackerCodec.parse(packet, length);
            long now = clock.nanoTime();
            return Optional.of(switch (request) {
                case UdpRequest.Connect c -> UdpTrackerCodec.connectResponse(c.transactionId(), connectionIds.issue(sender, now));
                case UdpRequest.Announce a -> {
                    requireConnection(a.connectionId(), a.transactionId(), sender, now);
                    PeerAddress peer = trustIpField && a.claimedIpv4() != 0 && !sender.isIpv6()
                            ? new PeerAddress(java.nio.ByteBuffer.allocate(4).putInt(a.claimedIpv4()).array(), a.request().port())
                            : new PeerAddress(sender.address(), a.request().port());
                    AnnounceResult r = tracker.announce(a.request(), peer, false);
                    yield UdpTrackerCodec.announceResponse(a.transactionId(), r, peer.isIpv6());
                }
                case UdpRequest.Scrape s -> {
                    requireConnection(s.connectionId(), s.transactionId(), sender, now);
                    yield UdpTrackerCodec.scrapeResponse(s.transactionId(), tracker.scrape(s.infoHashes()));
                }
            });
        } catch (UdpPacketException e) {
            return e.transactionId().isPresent()
                    ? Optional.of(UdpTrackerCodec.error(e.transactionId().getAsInt(), e.getMessage()))
                    : Optional.empty();
        } catch (TrackerRequestException e) {
            // Refusals from the tracker state (allow-list, limits) after a successful parse.
            return Optional.of(UdpTrackerCodec.error(transactionIdOf(packet), e.getMessage()));
        }
    }

    private void requireConnection(long connectionId, int tx, PeerAddress sender, long now) {
        if (!connectionIds.isValid(connectionId, sender, now)) {
            throw new UdpPacketException("connection_id", 0, java.util.OptionalInt.of(tx),
                    "unknown or expired connection id; connect again");
        }
    }

    private static int transactionIdOf(byte[] packet) {
        return java.nio.ByteBuffer.wrap(packet).getInt(12);
    }
}
