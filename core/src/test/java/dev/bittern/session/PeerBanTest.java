package dev.bittern.session;

import dev.bittern.interop.HostilePeer;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A banned peer stays banned when it comes back under a fresh peer id (HostilePeer answers every
 * connection with a new one): a liar we dialled is not dialled again, even when its address is
 * given to the session once more ({@link PeerBans}); the download completes from an honest seed.
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
}
