package dev.bittern.session;

import dev.bittern.interop.HostilePeer;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection limits of issue 4: per torrent ({@link SessionSettings#maxPeers()}) and in total
 * ({@link Client.Settings#maxConnections()}, {@link ConnectionLimit}). A peer beyond a limit is
 * refused when it dials us and is not dialled by us; a freed slot is used again.
 */
class ConnectionLimitsTest {
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** Several dial rounds (the session dials once a second): long enough to see a dial that should not happen. */
    private static final Duration NO_DIAL = Duration.ofSeconds(4);

    private record Torrent(Metainfo metainfo, Path dir) {
        int pieces() {
            return metainfo.info().pieceCount();
        }
    }

    private static Torrent torrent(Path tmp) throws IOException {
        Path file = SwarmFixtures.randomFile(tmp.resolve("seed"), "data.bin", 1024 * 1024 + 17, 3);
        return new Torrent(SwarmFixtures.torrent(file, 64 * 1024, tmp.resolve("t.torrent"), List.of()), tmp.resolve("seed"));
    }

    private static Client client(int maxConnections) throws IOException {
        return Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), maxConnections, 0, 0));
    }

    private static InetSocketAddress address(Client c) {
        return new InetSocketAddress("127.0.0.1", c.port());
    }

    /** A peer that the seed took: it got the seed's bitfield. */
    private static HostilePeer admitted(Client seed, Torrent t) {
        HostilePeer p = HostilePeer.connect(address(seed), t.metainfo().infoHash(), t.pieces());
        p.awaitMessage(PeerMessage.Bitfield.class, b -> true, WAIT);
        return p;
    }

    @Test
    @Timeout(60)
    void incomingPeerBeyondTheTorrentLimitIsRefusedAndAFreedSlotIsTakenAgain(@TempDir Path tmp) throws Exception {
        Torrent t = torrent(tmp);
        List<HostilePeer> open = new ArrayList<>();
        try (Client seed = client(50)) {
            seed.add(t.metainfo(), t.dir(), FileSelection.all(), null, SessionSettings.DEFAULTS.withMaxPeers(2), false);
            open.add(admitted(seed, t));
            open.add(admitted(seed, t));
            try (HostilePeer third = HostilePeer.connect(address(seed), t.metainfo().infoHash(), t.pieces())) {
                third.awaitClosedByRemote(WAIT);
                assertThat(third.received()).as("the refused peer got no bitfield").isEmpty();
            }
            open.removeFirst().close();
            open.add(connectUntilAdmitted(seed, t));
        } finally {
            open.forEach(HostilePeer::close);
        }
    }

    /** After a peer left, the seed notices its end within a moment; until then a newcomer may still be refused. */
    private static HostilePeer connectUntilAdmitted(Client seed, Torrent t) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HostilePeer p = HostilePeer.connect(address(seed), t.metainfo().infoHash(), t.pieces());
            try {
                p.awaitMessage(PeerMessage.Bitfield.class, b -> true, Duration.ofSeconds(2));
                return p;
            } catch (AssertionError refused) {
                p.close();
                if (System.nanoTime() - deadline > 0) {
                    throw new AssertionError("a freed slot was not taken again within " + WAIT.toSeconds() + " s", refused);
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    @Timeout(60)
    void incomingConnectionBeyondTheTotalLimitIsClosedBeforeTheHandshake(@TempDir Path tmp) throws Exception {
        Torrent t = torrent(tmp);
        List<HostilePeer> open = new ArrayList<>();
        try (Client seed = client(2)) {
            seed.add(t.metainfo(), t.dir(), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            open.add(admitted(seed, t));
            open.add(admitted(seed, t));
            try (Socket third = new Socket()) {
                third.connect(address(seed), (int) WAIT.toMillis());
                third.setSoTimeout((int) WAIT.toMillis());
                third.getOutputStream().write(Handshake.of(t.metainfo().infoHash(), PeerId.generate(new SplittableRandom()), false, false).encode());
                assertThat(readUntilClosed(third.getInputStream())).as("bytes the client sent beyond its total limit").isZero();
            }
        } finally {
            open.forEach(HostilePeer::close);
        }
    }

    /** Bytes read until the other side closes (end of stream or reset). */
    private static int readUntilClosed(InputStream in) throws IOException {
        int total = 0;
        try {
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) >= 0) {
                total += n;
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the connection beyond the limit was kept open", e);
        } catch (IOException reset) {
            // a reset is a close too
        }
        return total;
    }

    @Test
    @Timeout(60)
    void peersBeyondTheTorrentLimitAreNotDialled(@TempDir Path tmp) throws Exception {
        Torrent t = torrent(tmp);
        try (Client leecher = client(50)) {
            TorrentSession s = leecher.add(t.metainfo(), tmp.resolve("leech"), FileSelection.all(), null,
                    SessionSettings.DEFAULTS.withMaxPeers(1), false);
            assertOnlyOneOfTwoIsDialled(s);
        }
    }

    @Test
    @Timeout(60)
    void peersBeyondTheTotalLimitAreNotDialled(@TempDir Path tmp) throws Exception {
        Torrent t = torrent(tmp);
        try (Client leecher = client(1)) {
            TorrentSession s = leecher.add(t.metainfo(), tmp.resolve("leech"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            assertOnlyOneOfTwoIsDialled(s);
        }
    }

    /**
     * Gives the session two listening peers; the first that is dialled completes the handshake and
     * stays connected, the other must see no connection at all (a connect would be accepted by the
     * listen backlog, so {@code accept} would return it).
     */
    private static void assertOnlyOneOfTwoIsDialled(TorrentSession s) throws IOException {
        try (ServerSocket a = listen(); ServerSocket b = listen()) {
            s.addPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getLocalPort()));
            s.addPeer(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.getLocalPort()));
            ServerSocket first = null;
            Socket peer = null;
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (peer == null) {
                for (ServerSocket server : List.of(a, b)) {
                    server.setSoTimeout(100);
                    try {
                        peer = server.accept();
                        first = server;
                        break;
                    } catch (SocketTimeoutException notYet) {
                        if (System.nanoTime() - deadline > 0) {
                            throw new AssertionError("the session dialled neither peer within " + WAIT.toSeconds() + " s", notYet);
                        }
                    }
                }
            }
            try (Socket connected = peer) {
                connected.setSoTimeout((int) WAIT.toMillis());
                Handshake theirs = Handshake.decode(connected.getInputStream().readNBytes(Handshake.LENGTH));
                connected.getOutputStream().write(Handshake.of(theirs.infoHash(), PeerId.generate(new SplittableRandom()), false, false).encode());
                ServerSocket other = first == a ? b : a;
                other.setSoTimeout((int) NO_DIAL.toMillis());
                try (Socket unexpected = other.accept()) {
                    throw new AssertionError("the session dialled a peer beyond its limit: " + unexpected);
                } catch (SocketTimeoutException expected) {
                    // not dialled
                }
                SessionStatus status = s.status();
                assertThat(status.seeds() + status.leechers()).as("peers connected (%s)", status).isEqualTo(1);
            }
        }
    }

    private static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
    }
}
