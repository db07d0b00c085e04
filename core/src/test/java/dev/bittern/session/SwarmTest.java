package dev.bittern.session;

import dev.bittern.engine.Choker;
import dev.bittern.engine.RequestPipeline;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.HashPool;
import dev.bittern.storage.PieceResult;
import dev.bittern.storage.PieceStore;
import dev.bittern.storage.TorrentStorage;
import dev.bittern.time.VirtualClock;
import dev.bittern.wire.Bitfield;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The session decisions without sockets: a {@link Swarm} fed with events, answering through fake links. */
class SwarmTest {
    private static final int PIECE = 64 * 1024;
    private final HashPool pool = new HashPool(1);
    private final VirtualClock clock = new VirtualClock();
    private final PeerId us = PeerId.generate(new SplittableRandom(1));
    private final List<CompletableFuture<PieceResult<PeerLink>>> hashing = new ArrayList<>();
    private final List<Integer> verified = new ArrayList<>();
    private TorrentStorage storage;

    @AfterEach
    void close() throws IOException {
        pool.close();
        if (storage != null) {
            storage.close();
        }
    }

    /** A link that records what the swarm asks of it. */
    static final class FakeLink implements PeerLink {
        final PeerId id;
        final List<PeerMessage> sent = new ArrayList<>();
        final List<PeerMessage.Request> served = new ArrayList<>();
        String closed;

        FakeLink(int seed) {
            this.id = PeerId.generate(new SplittableRandom(100 + seed));
        }

        @Override
        public InetSocketAddress remote() {
            return new InetSocketAddress("127.0.0.1", 6881);
        }

        @Override
        public PeerId peerId() {
            return id;
        }

        @Override
        public boolean outgoing() {
            return true;
        }

        @Override
        public boolean send(PeerMessage message) {
            sent.add(message);
            return true;
        }

        @Override
        public boolean serve(PeerMessage.Request request) {
            served.add(request);
            return true;
        }

        @Override
        public void dropServe(PeerMessage.Request request) {
            served.remove(request);
        }

        @Override
        public void dropAllServes() {
            served.clear();
        }

        @Override
        public int pendingServes() {
            return served.size();
        }

        @Override
        public long uploadedBytes() {
            return 0;
        }

        @Override
        public void close(String reason) {
            closed = reason;
        }

        <T extends PeerMessage> List<T> sent(Class<T> type) {
            return sent.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private Metainfo torrent(Path tmp, byte[] data) throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.write(src.resolve("f.bin"), data);
        return SwarmFixtures.torrent(src.resolve("f.bin"), PIECE, tmp.resolve("t.torrent"), List.of());
    }

    private Swarm swarm(Metainfo m, Path dir, boolean seed) throws IOException {
        return swarm(m, dir, seed, SessionSettings.DEFAULTS);
    }

    private Swarm swarm(Metainfo m, Path dir, boolean seed, SessionSettings settings) throws IOException {
        storage = TorrentStorage.open(m.infoHash(), m.info(), dir);
        PieceStore<PeerLink> store = new PieceStore<>(storage, pool);
        if (seed) {
            store.checkExisting(store.allPieces(), (a, b) -> {
            });
        }
        return new Swarm(us, store, null, clock, new SplittableRandom(2), settings, new Swarm.Effects() {
            @Override
            public void verifying(int piece, CompletableFuture<PieceResult<PeerLink>> result) {
                hashing.add(result);
            }

            @Override
            public void pieceVerified(int piece) {
                verified.add(piece);
            }

            @Override
            public void completed() {
            }
        });
    }

    private static Handshake handshake(Metainfo m, PeerId id) {
        return Handshake.of(m.infoHash(), id, true, false);
    }

    private static byte[] data(int size) {
        byte[] d = new byte[size];
        new SplittableRandom(9).nextBytes(d);
        return d;
    }

    @Test
    void seedSendsExtensionHandshakeAndBitfieldThenUnchokesAnInterestedPeerAndServesIt(@TempDir Path tmp) throws IOException {
        byte[] d = data(3 * PIECE + 100);
        Metainfo m = torrent(tmp, d);
        Swarm s = swarm(m, tmp.resolve("src"), true);
        FakeLink peer = new FakeLink(1);
        assertThat(s.peerReady(peer, handshake(m, peer.id))).isEmpty();
        assertThat(peer.sent.get(0)).isInstanceOf(PeerMessage.Extended.class);
        assertThat(peer.sent(PeerMessage.Bitfield.class)).singleElement()
                .satisfies(b -> assertThat(Bitfield.fromBytes(b.bits(), 4).isComplete()).isTrue());
        s.message(peer, new PeerMessage.Request(0, 0, 16 * 1024));
        assertThat(peer.served).as("requests while choked are discarded").isEmpty();
        s.message(peer, PeerMessage.Interested.INSTANCE);
        assertThat(peer.sent(PeerMessage.Unchoke.class)).hasSize(1);
        s.message(peer, new PeerMessage.Request(3, 0, 100));
        assertThat(peer.served).containsExactly(new PeerMessage.Request(3, 0, 100));
        assertThat(peer.closed).isNull();
    }

    @Test
    void connectionToOurselvesIsRefused(@TempDir Path tmp) throws IOException {
        Metainfo m = torrent(tmp, data(PIECE));
        Swarm s = swarm(m, tmp.resolve("src"), true);
        assertThat(s.peerReady(new FakeLink(1), handshake(m, us))).hasValueSatisfying(r -> assertThat(r).contains("ourselves"));
        assertThat(s.peerCount()).isZero();
    }

    @Test
    void pieceWeDidNotRequestClosesTheLinkWithTheReason(@TempDir Path tmp) throws IOException {
        Metainfo m = torrent(tmp, data(2 * PIECE));
        Swarm s = swarm(m, tmp.resolve("dl"), false);
        FakeLink peer = new FakeLink(1);
        s.peerReady(peer, handshake(m, peer.id));
        s.message(peer, new PeerMessage.Piece(1, 0, new byte[16 * 1024]));
        assertThat(peer.closed).contains("did not request");
        assertThat(hashing).isEmpty();
        assertThat(Files.exists(tmp.resolve("dl").resolve("f.bin"))).as("nothing written").isFalse();
    }

    @Test
    void requestsAreRefilledInBatchesNotOnePerReceivedBlock(@TempDir Path tmp) throws Exception {
        byte[] d = data(64 * PIECE); // 256 blocks: more than the pipeline holds
        Metainfo m = torrent(tmp, d);
        SessionSettings deep = new SessionSettings(50, 0, 0, Choker.Settings.DEFAULTS,
                new RequestPipeline(Duration.ofSeconds(2), 64, 250), Duration.ofSeconds(30), 500, 2, Duration.ofSeconds(3), true);
        Swarm s = swarm(m, tmp.resolve("dl"), false, deep);
        FakeLink seed = new FakeLink(1);
        s.peerReady(seed, handshake(m, seed.id));
        s.message(seed, PeerMessage.Bitfield.of(Bitfield.full(64)));
        s.message(seed, PeerMessage.Unchoke.INSTANCE);
        List<PeerMessage.Request> first = List.copyOf(seed.sent(PeerMessage.Request.class));
        assertThat(first).as("the whole pipeline at once").hasSize(64);
        seed.sent.clear();
        for (int i = 0; i < Swarm.REQUEST_BATCH; i++) {
            PeerMessage.Request r = first.get(i);
            int at = r.piece() * PIECE + r.begin();
            s.message(seed, new PeerMessage.Piece(r.piece(), r.begin(), Arrays.copyOfRange(d, at, at + r.length())));
            if (i < Swarm.REQUEST_BATCH - 1) {
                assertThat(seed.sent(PeerMessage.Request.class)).as("no refill after block %d", i + 1).isEmpty();
            }
        }
        assertThat(seed.sent(PeerMessage.Request.class)).as("one batch refills the pipeline").hasSize(Swarm.REQUEST_BATCH);
        assertThat(seed.closed).isNull();
    }

    @Test
    void leecherRequestsAfterUnchokeVerifiesAndAnnouncesHaveToOtherPeers(@TempDir Path tmp) throws Exception {
        byte[] d = data(2 * PIECE);
        Metainfo m = torrent(tmp, d);
        Swarm s = swarm(m, tmp.resolve("dl"), false);
        FakeLink seed = new FakeLink(1);
        FakeLink other = new FakeLink(2);
        s.peerReady(seed, handshake(m, seed.id));
        s.peerReady(other, handshake(m, other.id));
        s.message(seed, PeerMessage.Bitfield.of(Bitfield.full(2)));
        assertThat(seed.sent(PeerMessage.Interested.class)).hasSize(1);
        assertThat(seed.sent(PeerMessage.Request.class)).as("no requests while choked").isEmpty();
        s.message(seed, PeerMessage.Unchoke.INSTANCE);
        for (int round = 0; round < 20 && !s.isComplete(); round++) {
            for (PeerMessage.Request r : List.copyOf(seed.sent(PeerMessage.Request.class))) {
                if (seed.sent.remove(r)) {
                    int at = r.piece() * PIECE + r.begin();
                    s.message(seed, new PeerMessage.Piece(r.piece(), r.begin(), Arrays.copyOfRange(d, at, at + r.length())));
                }
            }
            for (CompletableFuture<PieceResult<PeerLink>> f : List.copyOf(hashing)) {
                hashing.remove(f);
                s.pieceChecked(f.get());
            }
        }
        assertThat(s.isComplete()).isTrue();
        assertThat(verified).containsExactlyInAnyOrder(0, 1);
        assertThat(other.sent(PeerMessage.Have.class)).extracting(PeerMessage.Have::piece).containsExactlyInAnyOrder(0, 1);
        assertThat(seed.sent(PeerMessage.Have.class)).as("the seed has every piece already").isEmpty();
        assertThat(seed.closed).as("both are seeds now").contains("both sides are seeds");
        assertThat(Files.mismatch(tmp.resolve("src").resolve("f.bin"), tmp.resolve("dl").resolve("f.bin"))).isEqualTo(-1L);
        assertThat(Optional.ofNullable(other.closed)).isEmpty();
    }

    @Test
    void blockArrivingTwiceAfterChokeAndRequestAgainIsAcceptedNotAViolation(@TempDir Path tmp) throws IOException {
        byte[] d = data(PIECE); // 4 blocks: every one is requested each time
        Metainfo m = torrent(tmp, d);
        Swarm s = swarm(m, tmp.resolve("dl"), false);
        FakeLink seed = new FakeLink(1);
        s.peerReady(seed, handshake(m, seed.id));
        s.message(seed, PeerMessage.Bitfield.of(Bitfield.full(1)));
        s.message(seed, PeerMessage.Unchoke.INSTANCE);
        PeerMessage.Request first = seed.sent(PeerMessage.Request.class).getFirst();
        // The seed chokes and unchokes us; we ask again; its answer to the first request was already on the wire.
        s.message(seed, PeerMessage.Choke.INSTANCE);
        seed.sent.clear();
        s.message(seed, PeerMessage.Unchoke.INSTANCE);
        assertThat(seed.sent(PeerMessage.Request.class)).contains(first);
        int at = first.piece() * PIECE + first.begin();
        byte[] block = Arrays.copyOfRange(d, at, at + first.length());
        s.message(seed, new PeerMessage.Piece(first.piece(), first.begin(), block));
        s.message(seed, new PeerMessage.Piece(first.piece(), first.begin(), block));
        assertThat(seed.closed).isNull();
    }

    @Test
    void statusCountsThePeersThatUnchokeUs(@TempDir Path tmp) throws IOException {
        Metainfo m = torrent(tmp, data(2 * PIECE));
        Swarm s = swarm(m, tmp.resolve("dl"), false);
        FakeLink a = new FakeLink(1);
        FakeLink b = new FakeLink(2);
        s.peerReady(a, handshake(m, a.id));
        s.peerReady(b, handshake(m, b.id));
        assertThat(s.status().unchokedBy()).isZero();
        s.message(a, PeerMessage.Unchoke.INSTANCE);
        s.message(b, PeerMessage.Unchoke.INSTANCE);
        assertThat(s.status().unchokedBy()).isEqualTo(2);
        s.message(a, PeerMessage.Choke.INSTANCE);
        assertThat(s.status().unchokedBy()).isEqualTo(1);
        s.peerClosed(b, "gone");
        assertThat(s.status().unchokedBy()).isZero();
    }
}
