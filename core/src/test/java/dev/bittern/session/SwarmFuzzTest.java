package dev.bittern.session;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.HashPool;
import dev.bittern.storage.PieceResult;
import dev.bittern.storage.PieceStore;
import dev.bittern.storage.TorrentStorage;
import dev.bittern.time.VirtualClock;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.MessageDecoder;
import dev.bittern.wire.MessageLimits;
import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import dev.bittern.wire.WireProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Arbitrary peer bytes, decoded and fed to a leeching and a seeding {@link Swarm}: whatever a peer
 * sends, the swarm only ever answers or closes that link; no exception escapes to the session loop.
 */
class SwarmFuzzTest {
    private static final HashPool POOL = new HashPool(1);
    private static Path DIR;
    private static Metainfo TORRENT;
    private static PieceStore<PeerLink> SEED_STORE;

    /**
     * Built on first use, not in a static initializer: the hash pool's callbacks run lambdas of this
     * class on pool threads, which would wait forever for the class initialization to finish.
     */
    private static void setUp() {
        if (SEED_STORE != null) {
            return;
        }
        try {
            DIR = Files.createTempDirectory("swarm-fuzz");
            Path src = Files.createDirectories(DIR.resolve("src"));
            byte[] data = new byte[3 * 16 * 1024 + 500];
            new SplittableRandom(4).nextBytes(data);
            Files.write(src.resolve("f.bin"), data);
            TORRENT = SwarmFixtures.torrent(src.resolve("f.bin"), 16 * 1024, DIR.resolve("t.torrent"), List.of());
            SEED_STORE = new PieceStore<>(TorrentStorage.open(TORRENT.infoHash(), TORRENT.info(), src), POOL);
            SEED_STORE.checkExisting(SEED_STORE.allPieces(), (a, b) -> {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Swarm swarm(PieceStore<PeerLink> store) {
        return new Swarm(PeerId.generate(new SplittableRandom(1)), store, null, new VirtualClock(), new SplittableRandom(2),
                SessionSettings.DEFAULTS, new Swarm.Effects() {
                    @Override
                    public void verifying(int piece, CompletableFuture<PieceResult<PeerLink>> result) {
                    }

                    @Override
                    public void pieceVerified(int piece) {
                    }

                    @Override
                    public void completed() {
                    }
                });
    }

    @FuzzTest(maxDuration = "20s")
    void anyPeerInputOnlyAnswersOrClosesTheLink(byte[] input) throws IOException {
        setUp();
        try (TorrentStorage leechStorage = TorrentStorage.open(TORRENT.infoHash(), TORRENT.info(), DIR.resolve("leech"))) {
            PieceStore<PeerLink> leechStore = new PieceStore<>(leechStorage, POOL);
            for (Swarm s : List.of(swarm(leechStore), swarm(SEED_STORE))) {
                SwarmTest.FakeLink link = new SwarmTest.FakeLink(7);
                s.peerReady(link, Handshake.of(TORRENT.infoHash(), link.id, true, false));
                MessageDecoder decoder = new MessageDecoder(MessageLimits.forTorrent(TORRENT.info().pieceCount()));
                ByteBuffer in = ByteBuffer.wrap(input);
                try {
                    PeerMessage m;
                    while ((m = decoder.next(in)) != null) {
                        s.message(link, m); // must not throw
                        // Our requests get answered from the file, so fuzzing also reaches piece handling.
                        if (m instanceof PeerMessage.Unchoke && link.closed == null) {
                            s.tick();
                        }
                    }
                } catch (WireProtocolException expected) {
                    // the decoder refused the bytes: the connection would be closed
                }
                if (link.closed != null && s.peerCount() != 0) {
                    throw new AssertionError("link closed (" + link.closed + ") but still counted as a peer");
                }
            }
        }
    }
}
