package dev.bittern.tracker.server;

import java.util.List;

/** A decoded UDP tracker request (BEP 15). */
public sealed interface UdpRequest {
    int transactionId();

    record Connect(int transactionId) implements UdpRequest {
    }

    /** @param claimedIpv4 the IP field (0 = use the sender's address) */
    record Announce(long connectionId, int transactionId, AnnounceRequest request, int claimedIpv4) implements UdpRequest {
    }

    record Scrape(long connectionId, int transactionId, List<InfoHash> infoHashes) implements UdpRequest {
        public Scrape {
            infoHashes = List.copyOf(infoHashes);
        }
    }
}
