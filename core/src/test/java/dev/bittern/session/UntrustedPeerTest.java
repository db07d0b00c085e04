package dev.bittern.session;

import dev.bittern.interop.HostilePeer;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import dev.bittern.wire.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripted hostile peers against a Bittern seed and leecher: each protocol violation closes the
 * connection, nothing it sent is written, and downloads still complete from honest peers.
 */
class UntrustedPeerTest {
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(15);
    /** 13 pieces of 256 KiB: not a multiple of 8, so a bitfield has spare bits. */
    private static final long SIZE = 12L * 256 * 1024 + 1000;

    private record Seeded(Client client, TorrentSession session, Metainfo metainfo, Path file) implements AutoCloseable {
        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", client.port());
        }

        @Override
        public void close() throws Exception {
            client.close();
        }
    }

    private static Seeded seed(Path tmp) throws Exception {
        Path file = SwarmFixtures.randomFile(tmp.resolve("seed"), "data.bin", SIZE, 11);
        Metainfo m = SwarmFixtures.torrent(file, 256 * 1024, tmp.resolve("t.torrent"), List.of());
        Client c = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0));
        TorrentSession s = c.add(m, tmp.resolve("seed"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
        return new Seeded(c, s, m, file);
    }

    private static void assertClosedAfter(Path tmp, Consumer<HostilePeer> misbehave) throws Exception {
        try (Seeded seed = seed(tmp);
             HostilePeer h = HostilePeer.connect(seed.address(), seed.metainfo().infoHash(), seed.metainfo().info().pieceCount())) {
            h.awaitMessage(PeerMessage.Bitfield.class, b -> true, CLOSE_WAIT);
            misbehave.accept(h);
            h.awaitClosedByRemote(CLOSE_WAIT);
            SwarmFixtures.assertSameBytes(tmp.resolve("seed").resolve("data.bin"), seed.file()); // nothing written
        }
    }

    @Test
    @Timeout(60)
    void lengthPrefixAboveTheLargestMessageClosesTheConnection(@TempDir Path tmp) throws Exception {
        assertClosedAfter(tmp, h -> h.sendOversizedLengthPrefix(Integer.MAX_VALUE));
    }

    @Test
    @Timeout(60)
    void requestOutsideTheTorrentClosesTheConnection(@TempDir Path tmp) throws Exception {
        assertClosedAfter(tmp, HostilePeer::sendRequestOutsideTorrent);
    }

    @Test
    @Timeout(60)
    void requestLargerThanTheBiggestBlockClosesTheConnection(@TempDir Path tmp) throws Exception {
        assertClosedAfter(tmp, h -> h.send(new PeerMessage.Request(0, 0, 256 * 1024)));
    }

    @Test
    @Timeout(60)
    void pieceWeDidNotRequestClosesTheConnectionAndIsNotWritten(@TempDir Path tmp) throws Exception {
        assertClosedAfter(tmp, h -> h.sendUnrequestedPiece(0, 0, 16 * 1024));
    }

    @Test
    @Timeout(60)
    void bitfieldWithSpareBitsSetClosesTheConnection(@TempDir Path tmp) throws Exception {
        assertClosedAfter(tmp, HostilePeer::sendBitfieldWithSpareBits);
    }

    @Test
    @Timeout(60)
    void haveForAPieceThatDoesNotExistClosesTheConnection(@TempDir Path tmp) throws Exception {
        assertClosedAfter(tmp, h -> h.send(new PeerMessage.Have(13)));
    }

    @Test
    @Timeout(60)
    void requestFloodClosesTheConnection(@TempDir Path tmp) throws Exception {
        assertClosedAfter(tmp, h -> {
            h.send(PeerMessage.Interested.INSTANCE);
            h.awaitMessage(PeerMessage.Unchoke.class, u -> true, CLOSE_WAIT);
            for (int i = 0; i < 5000 && !h.isClosedByRemote(); i++) {
                h.send(new PeerMessage.Request(i % 13, 0, 16 * 1024));
            }
        });
    }

    @Test
    @Timeout(60)
    void keepAliveAndHaveFloodsDoNotStopServingAnHonestLeecher(@TempDir Path tmp) throws Exception {
        try (Seeded seed = seed(tmp);
             HostilePeer h = HostilePeer.connect(seed.address(), seed.metainfo().infoHash(), seed.metainfo().info().pieceCount());
             Client leecher = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0))) {
            h.floodKeepAlives(10_000);
            h.floodHaves(10_000);
            TorrentSession s = leecher.add(seed.metainfo(), tmp.resolve("leech"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            s.addPeer(seed.address());
            s.completed().get(40, TimeUnit.SECONDS);
            SwarmFixtures.assertSameBytes(seed.file(), tmp.resolve("leech").resolve("data.bin"));
        }
    }

    @Test
    @Timeout(90)
    void corruptDataIsRejectedTheLiarBannedAndTheDownloadCompletesFromTheHonestSeed(@TempDir Path tmp) throws Exception {
        try (Seeded seed = seed(tmp);
             HostilePeer.Listener liarPort = HostilePeer.listen(seed.metainfo().infoHash(), seed.metainfo().info().pieceCount());
             Client leecher = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0))) {
            TorrentSession s = leecher.add(seed.metainfo(), tmp.resolve("leech"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            s.addPeer(liarPort.address());
            try (HostilePeer liar = liarPort.accept(CLOSE_WAIT)) {
                liar.answerRequestsWithCorruptData();
                liar.sendBitfieldAll();
                liar.sendUnchoke();
                // The liar alone first: its pieces fail, and it is banned.
                liar.awaitClosedByRemote(Duration.ofSeconds(30));
                assertThat(s.status().verifiedPieces()).isZero();
                s.addPeer(seed.address());
                s.completed().get(40, TimeUnit.SECONDS);
            }
            SwarmFixtures.assertSameBytes(seed.file(), tmp.resolve("leech").resolve("data.bin"));
            assertThat(Files.size(tmp.resolve("leech").resolve("data.bin"))).isEqualTo(SIZE);
        }
    }
}
