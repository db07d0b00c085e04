package dev.bittern.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.interop.TestContent.TestTorrent;
import dev.bittern.metainfo.InfoHash;
import dev.bittern.wire.PeerMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

    @Test
    void scriptedMisbehaviourArrivesAsWrittenAtTheOtherEnd() throws Exception {
        InfoHash hash = InfoHash.fromHex("ab".repeat(20));
        try (HostilePeer.Listener listener = HostilePeer.listen(hash, 10)) {
            CompletableFuture<HostilePeer> accepted = CompletableFuture.supplyAsync(() -> listener.accept(Duration.ofSeconds(10)));
            try (HostilePeer sender = HostilePeer.connect(listener.address(), hash, 10);
                 HostilePeer receiver = accepted.get(15, TimeUnit.SECONDS)) {
                assertThat(receiver.remoteHandshake().infoHash()).isEqualTo(hash);
                sender.sendBitfieldWithSpareBits();
                assertThat(sender.floodHaves(25)).isEqualTo(25);
                assertThat(sender.floodKeepAlives(5)).isEqualTo(5);
                sender.sendRequestOutsideTorrent();
                sender.sendUnrequestedPiece(3, 0, 100);
                PeerMessage.Piece piece = receiver.awaitMessage(PeerMessage.Piece.class, p -> true, Duration.ofSeconds(10));
                assertThat(piece.piece()).isEqualTo(3);
                assertThat(piece.length()).isEqualTo(100);
                List<PeerMessage> got = receiver.received();
                assertThat(got).hasSize(1 + 25 + 5 + 1 + 1);
                assertThat(((PeerMessage.Bitfield) got.getFirst()).bits()).containsExactly(0xff, 0xff);
                assertThat(got).contains(new PeerMessage.Request(15, 0, 16 * 1024), new PeerMessage.Have(24 % 10));
                sender.sendOversizedLengthPrefix(Integer.MAX_VALUE);
                receiver.awaitClosedByRemote(Duration.ofSeconds(10));
                assertThat(receiver.closeReason()).startsWith("the other side broke the protocol");
            }
        }
    }
}
