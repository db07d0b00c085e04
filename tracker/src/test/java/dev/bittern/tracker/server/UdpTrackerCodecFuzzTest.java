package dev.bittern.tracker.server;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bittern.time.VirtualClock;

import java.util.Optional;
import java.util.SplittableRandom;

class UdpTrackerCodecFuzzTest {
    private static final VirtualClock CLOCK = new VirtualClock();
    private static final TrackerService SERVICE = new TrackerService(
            new TrackerState(CLOCK, TrackerLimits.DEFAULT.withMaxTorrents(64).withMaxPeersPerTorrent(64), Optional.empty(),
                    new SplittableRandom(1)), CLOCK);
    // Fixed key 0/0 so the fuzzer can learn valid connection ids and reach announce and scrape.
    private static final UdpTrackerProtocol PROTOCOL = new UdpTrackerProtocol(SERVICE, new ConnectionIds(0, 0), CLOCK, true);

    @FuzzTest(maxDuration = "20s")
    void packetParserFailsOnlyWithUdpPacketException(byte[] data) {
        try {
            UdpRequest r = UdpTrackerCodec.parse(data, data.length);
            if (data.length < 16) {
                throw new AssertionError("accepted a packet shorter than the header");
            }
            if (r instanceof UdpRequest.Scrape s && (s.infoHashes().isEmpty() || s.infoHashes().size() > 74)) {
                throw new AssertionError("scrape with " + s.infoHashes().size() + " hashes accepted");
            }
        } catch (UdpPacketException expected) {
            // refused with an offset
        }
        // The whole endpoint must answer (or stay silent for a header-less packet) and never throw.
        Optional<byte[]> reply = PROTOCOL.handle(data, data.length, Peers.v4(1, 1000));
        if (reply.isEmpty() != (data.length < 16)) {
            throw new AssertionError("reply presence wrong for a " + data.length + "-byte packet");
        }
    }
}
