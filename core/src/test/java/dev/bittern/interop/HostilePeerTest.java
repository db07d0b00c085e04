package dev.bittern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.interop.TestContent.TestTorrent;
import dev.bittern.wire.PeerMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Self-test of HostilePeer against a real libtorrent seed. */
class HostilePeerTest {
    @TempDir
    Path tmp;

    @Test
    void libtorrentAnswersTheHandshakeAndClosesOnAnOversizedLengthPrefix() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 256 * 1024, 5);
        TestTorrent torrent = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrent.file(), tmp.resolve("seed"), LibtorrentPeer.Options.defaults())) {
            seed.awaitSeeding(Duration.ofSeconds(20));
            try (HostilePeer hostile = HostilePeer.connect(seed.address(), torrent.metainfo().infoHash(), 8)) {
                assertThat(hostile.remoteHandshake().infoHash()).isEqualTo(torrent.metainfo().infoHash());
                PeerMessage.Bitfield bits = hostile.awaitMessage(PeerMessage.Bitfield.class, b -> true, Duration.ofSeconds(10));
                assertThat(bits.bits()).containsExactly((byte) 0xff);
                hostile.sendOversizedLengthPrefix(Integer.MAX_VALUE);
                hostile.awaitClosedByRemote(Duration.ofSeconds(20));
                assertThat(hostile.closeReason()).isNotEqualTo("closed by us");
            }
        }
    }

    @Test
    void libtorrentServesARequestFromAHostilePeerThatBehaves() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 64 * 1024, 6);
        TestTorrent torrent = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
        try (LibtorrentPeer seed = LibtorrentPeer.seed(torrent.file(), tmp.resolve("seed"), LibtorrentPeer.Options.defaults())) {
            seed.awaitSeeding(Duration.ofSeconds(20));
            try (HostilePeer peer = HostilePeer.connect(seed.address(), torrent.metainfo().infoHash(), 2)) {
                peer.send(PeerMessage.Interested.INSTANCE);
                peer.awaitMessage(PeerMessage.Unchoke.class, u -> true, Duration.ofSeconds(15));
                peer.send(new PeerMessage.Request(1, 0, 16 * 1024));
                PeerMessage.Piece piece = peer.awaitMessage(PeerMessage.Piece.class, p -> p.piece() == 1, Duration.ofSeconds(15));
                assertThat(piece.data()).isEqualTo(java.util.Arrays.copyOfRange(readAll(data), 32 * 1024, 48 * 1024));
            }
        }
    }

    private static byte[] readAll(Path p) {
        try {
            return java.nio.file.Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void libtorrentDownloaderThatDialsALyingSeedGetsNoVerifiedPiece() {
        Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 64 * 1024, 8);
        TestTorrent torrent = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
        try (HostilePeer.Listener listener = HostilePeer.listen(torrent.metainfo().infoHash(), 2);
             LibtorrentPeer leech = LibtorrentPeer.download(torrent.file(), tmp.resolve("leech"),
                     LibtorrentPeer.Options.defaults().connectTo(listener.address()));
             HostilePeer liar = listener.accept(Duration.ofSeconds(20))) {
            liar.answerRequestsWithCorruptData();
            liar.sendBitfieldAll();
            liar.sendUnchoke();
            liar.awaitMessage(PeerMessage.Request.class, r -> true, Duration.ofSeconds(15));
            assertThat(leech.awaitHashFailure(Duration.ofSeconds(20))).isBetween(0, 1);
            liar.awaitClosedByRemote(Duration.ofSeconds(30));
            assertThat(leech.lastProgress().verifiedPieces()).isZero();
        }
    }
}
