package dev.bittern.session;

import dev.bittern.engine.TokenBucket;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.HashPool;
import dev.bittern.storage.PieceStore;
import dev.bittern.storage.TorrentStorage;
import dev.bittern.time.Clock;
import dev.bittern.wire.MessageDecoder;
import dev.bittern.wire.MessageLimits;
import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The I/O of one connection over loopback: what the writer sends, in which order. */
class PeerConnectionTest {
    private static final int BLOCK = 16 * 1024;

    @Test
    void messagesQueuedAfterRateLimitedBlocksAreNotHeldUpByThem(@TempDir Path tmp) throws Exception {
        Path file = SwarmFixtures.randomFile(tmp.resolve("src"), "f.bin", 4 * BLOCK, 7);
        Metainfo m = SwarmFixtures.torrent(file, 4 * BLOCK, tmp.resolve("t.torrent"), List.of());
        // 16 KiB/s with a 16 KiB burst: the first block goes at once, each further one a second later.
        SharedRateLimiter upload = new SharedRateLimiter(new TokenBucket(Clock.system(), BLOCK, BLOCK));
        try (HashPool pool = new HashPool(1);
             TorrentStorage storage = TorrentStorage.open(m.infoHash(), m.info(), file.getParent());
             ServerSocketChannel server = ServerSocketChannel.open()) {
            PieceStore<PeerLink> store = new PieceStore<>(storage, pool);
            store.checkExisting(store.allPieces(), (a, b) -> {
            });
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel remote = SocketChannel.open(server.getLocalAddress());
                 SocketChannel local = server.accept()) {
                PeerConnection conn = new PeerConnection(local, (InetSocketAddress) remote.getLocalAddress(),
                        PeerId.generate(new SplittableRandom(1)), false, store, upload, SharedRateLimiter.UNLIMITED, new BlockArrays(4), () -> {
                });
                conn.start(event -> {
                }, MessageLimits.forTorrent(1));
                try {
                    for (int i = 0; i < 3; i++) {
                        assertThat(conn.serve(new PeerMessage.Request(0, i * BLOCK, BLOCK))).isTrue();
                    }
                    assertThat(conn.send(new PeerMessage.Have(0))).isTrue();
                    List<PeerMessage> received = read(remote, 4);
                    assertThat(received).hasSize(4);
                    // In one FIFO the have would come last, after two seconds of throttled blocks.
                    assertThat(received.indexOf(new PeerMessage.Have(0))).as("order received: %s", received).isLessThan(3);
                    assertThat(received).filteredOn(PeerMessage.Piece.class::isInstance).hasSize(3);
                } finally {
                    conn.close("test over");
                }
            }
        }
    }

    /** Reads until {@code count} messages arrived (bounded: the socket times out after 10 s of silence). */
    private static List<PeerMessage> read(SocketChannel ch, int count) throws Exception {
        ch.socket().setSoTimeout(10_000);
        var in = ch.socket().getInputStream();
        MessageDecoder decoder = new MessageDecoder(MessageLimits.forTorrent(1));
        List<PeerMessage> out = new ArrayList<>();
        byte[] chunk = new byte[64 * 1024];
        ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
        while (out.size() < count) {
            int n = in.read(chunk);
            if (n < 0) {
                break;
            }
            buf.put(chunk, 0, n).flip();
            PeerMessage msg;
            while ((msg = decoder.next(buf)) != null) {
                out.add(msg);
            }
            buf.compact();
        }
        return out;
    }
}
