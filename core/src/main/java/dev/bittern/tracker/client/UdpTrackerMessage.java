package dev.bittern.tracker.client;

import dev.bittern.metainfo.InfoHash;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;

/**
 * The datagrams of the UDP tracker protocol (BEP 15). Requests go client → tracker,
 * responses tracker → client; every one carries the transaction id that pairs them.
 * {@link UdpTrackerCodec} turns them into bytes and back.
 */
public sealed interface UdpTrackerMessage {
    int transactionId();

    /** Client → tracker. */
    sealed interface Request extends UdpTrackerMessage {
    }

    /** Tracker → client. */
    sealed interface Response extends UdpTrackerMessage {
    }

    /** action 0: asks for a connection id (16 bytes, with the protocol magic). */
    record ConnectRequest(int transactionId) implements Request {
    }

    /** action 1 (98 bytes). IP is always 0 (the tracker uses the source address). */
    record AnnounceUdpRequest(long connectionId, int transactionId, AnnounceRequest announce) implements Request {
        public AnnounceUdpRequest {
            Objects.requireNonNull(announce, "announce");
        }
    }

    /** action 2: up to {@link UdpTrackerCodec#MAX_SCRAPE_HASHES} info-hashes. */
    record ScrapeUdpRequest(long connectionId, int transactionId, List<InfoHash> infoHashes) implements Request {
        public ScrapeUdpRequest {
            infoHashes = List.copyOf(infoHashes);
            if (infoHashes.isEmpty() || infoHashes.size() > UdpTrackerCodec.MAX_SCRAPE_HASHES) {
                throw new IllegalArgumentException("a UDP scrape carries 1 to " + UdpTrackerCodec.MAX_SCRAPE_HASHES
                        + " info-hashes, got " + infoHashes.size());
            }
        }
    }

    /** action 0 reply: the connection id to use for the next minute. */
    record ConnectResponse(int transactionId, long connectionId) implements Response {
    }

    /** action 1 reply; peers are IPv4 (6 bytes each) or IPv6 (18 bytes each) depending on the tracker's address family. */
    record AnnounceUdpResponse(int transactionId, int interval, int leechers, int seeders,
                               List<InetSocketAddress> peers) implements Response {
        public AnnounceUdpResponse {
            peers = List.copyOf(peers);
        }
    }

    /** Counts of one torrent in a scrape reply, in the order the hashes were asked. */
    record ScrapeCounts(int seeders, int completed, int leechers) {
    }

    /** action 2 reply. */
    record ScrapeUdpResponse(int transactionId, List<ScrapeCounts> counts) implements Response {
        public ScrapeUdpResponse {
            counts = List.copyOf(counts);
        }
    }

    /** action 3: the tracker refuses; the message is its reason. */
    record ErrorResponse(int transactionId, String message) implements Response {
        public ErrorResponse {
            Objects.requireNonNull(message, "message");
        }
    }
}
