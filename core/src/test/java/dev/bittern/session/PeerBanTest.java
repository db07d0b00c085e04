package dev.bittern.session;

import dev.bittern.interop.HostilePeer;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.PeerId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A banned peer stays banned when it comes back under a fresh peer id (HostilePeer answers every
 * connection with a new one): a liar we dialled is not dialled again, even when its address is
 * given to the session once more ({@link PeerBans}); the download completes from an honest seed.
 * A banned peer that dials us gets no handshake from us.
 */
class PeerBanTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final long SIZE = 12L * 256 * 1024 + 1000;

    @Test
    @Timeout(120)
    void aLiarWeDialledIsNotDialledAgainAfterItsBan(@TempDir Path tmp) throws Exception {
        Path file = SwarmFixtures.randomFile(tmp.resolve("seed"), "data.bin", SIZE, 12);
        Metainfo m = SwarmFixtures.torrent(file, 256 * 1024, tmp.resolve("t.torrent"), List.of());
        try (Client seeder = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0));
             Client leecher = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0));
             HostilePeer.Listener liarPort = HostilePeer.listen(m.infoHash(), m.info().pieceCount())) {
            seeder.add(m, tmp.resolve("seed"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            TorrentSession s = leecher.add(m, tmp.resolve("leech"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            s.addPeer(liarPort.address());
            try (HostilePeer liar = liarPort.accept(WAIT)) {
                liar.answerRequestsWithCorruptData();
                liar.sendBitfieldAll();
                liar.sendUnchoke();
                liar.awaitClosedByRemote(WAIT);
            }
            assertThat(s.status().verifiedPieces()).as("nothing from the liar counts").isZero();
            // Without the ban by address, the session dials it again after its reconnect delay (3 s)
            // and at once for a new addPeer; the liar would answer with a new peer id and lie again.
            s.addPeer(liarPort.address());
            liarPort.assertNobodyConnectsWithin(SessionSettings.DEFAULTS.reconnectDelay().multipliedBy(2));

            s.addPeer(new InetSocketAddress("127.0.0.1", seeder.port()));
            s.completed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            SwarmFixtures.assertSameBytes(file, tmp.resolve("leech").resolve("data.bin"));
        }
    }

    @Test
    @Timeout(120)
    void aBannedPeerThatDialsUsIsClosedBeforeOurHandshake(@TempDir Path tmp) throws Exception {
        Path file = SwarmFixtures.randomFile(tmp.resolve("seed"), "data.bin", SIZE, 13);
        Metainfo m = SwarmFixtures.torrent(file, 256 * 1024, tmp.resolve("t.torrent"), List.of());
        PeerId liarId = PeerId.generate(new SplittableRandom(7));
        try (Client leecher = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0))) {
            TorrentSession s = leecher.add(m, tmp.resolve("leech"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            InetSocketAddress us = new InetSocketAddress("127.0.0.1", leecher.port());
            try (HostilePeer liar = HostilePeer.connect(us, m.infoHash(), m.info().pieceCount(), liarId)) {
                liar.answerRequestsWithCorruptData();
                liar.sendBitfieldAll();
                liar.sendUnchoke();
                liar.awaitClosedByRemote(WAIT);
            }
            assertThat(s.status().verifiedPieces()).as("nothing from the liar counts").isZero();

            assertThat(handshakeBytesAnswered(us, m, PeerId.generate(new SplittableRandom(8))))
                    .as("another peer id is answered").isEqualTo(Handshake.LENGTH);
            assertThat(handshakeBytesAnswered(us, m, liarId))
                    .as("the banned peer id gets nothing, not even our handshake").isZero();
        }
    }

    /** Dials {@code target} as {@code id} and counts the bytes it sends back until it closes (at most a handshake). */
    private static int handshakeBytesAnswered(InetSocketAddress target, Metainfo m, PeerId id) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(target, (int) WAIT.toMillis());
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(Handshake.of(m.infoHash(), id, false, false).encode());
            return socket.getInputStream().readNBytes(Handshake.LENGTH).length;
        }
    }
}
