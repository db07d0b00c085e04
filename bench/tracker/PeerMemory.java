import dev.bittern.time.VirtualClock;
import dev.bittern.tracker.server.AnnounceEvent;
import dev.bittern.tracker.server.AnnounceRequest;
import dev.bittern.tracker.server.InfoHash;
import dev.bittern.tracker.server.PeerAddress;
import dev.bittern.tracker.server.TrackerLimits;
import dev.bittern.tracker.server.TrackerState;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;

/**
 * Heap bytes per tracked peer: fills a TrackerState with PEERS distinct IPv4 peers spread over
 * TORRENTS torrents (a quarter of them seeds), then compares the used heap after full GCs with
 * the empty state. Run with the source launcher on the built classes; see docs/benchmarks.md.
 *
 * Usage: java -cp tracker/target/classes:core/target/classes PeerMemory.java PEERS TORRENTS
 */
public final class PeerMemory {
    public static void main(String[] args) throws Exception {
        int peers = Integer.parseInt(args[0]);
        int torrents = Integer.parseInt(args[1]);
        VirtualClock clock = new VirtualClock();
        TrackerLimits limits = TrackerLimits.DEFAULT.withMaxPeersPerTorrent(Math.max(peers / torrents + 1, 1));
        TrackerState state = new TrackerState(clock, limits, Optional.empty(), new SplittableRandom(1));
        InfoHash[] hashes = new InfoHash[torrents];
        SplittableRandom rnd = new SplittableRandom(2);
        for (int t = 0; t < torrents; t++) {
            byte[] h = new byte[20];
            rnd.nextBytes(h);
            hashes[t] = InfoHash.of(h);
        }
        long before = usedAfterGc();
        byte[] peerId = new byte[20];
        for (int p = 0; p < peers; p++) {
            rnd.nextBytes(peerId);
            // Peer p: address 10.x.y.z from p, port from p, so every (address, port) is distinct.
            byte[] addr = {10, (byte) (p >>> 16), (byte) (p >>> 8), (byte) p};
            AnnounceRequest r = new AnnounceRequest(hashes[p % torrents], peerId, 6881, 0, 0, p % 4 == 0 ? 0 : 1000,
                    AnnounceEvent.STARTED, OptionalInt.of(0), true, true, OptionalInt.empty(), Optional.empty());
            state.announce(r, new PeerAddress(addr, 1024 + (p >>> 24)), true);
        }
        long after = usedAfterGc();
        System.out.printf("peers %d in %d torrents: heap %.1f MiB, %.1f bytes/peer (peer arrays alone %.1f bytes/peer); "
                        + "tracked peers reported: %d%n",
                peers, torrents, (after - before) / 1048576.0, (after - before) / (double) peers,
                state.retainedPeerBytes() / (double) peers, state.stats().peers());
    }

    private static long usedAfterGc() throws InterruptedException {
        var mem = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
