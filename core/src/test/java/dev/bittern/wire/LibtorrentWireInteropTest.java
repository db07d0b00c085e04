package dev.bittern.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.engine.Block;
import dev.bittern.engine.BlockRequestQueue;
import dev.bittern.engine.PiecePicker;
import dev.bittern.engine.RequestPipeline;
import dev.bittern.metainfo.Metainfo;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop: our handshake, message codec, validator and piece picker against a real libtorrent
 * 2.0 peer on loopback, in both directions: we download a small torrent (short last piece) from a
 * libtorrent seed and check every piece against its SHA-1, and libtorrent downloads it from us.
 * Needs /usr/bin/python3 with the libtorrent module; fails (never skips) when it is missing.
 */
class LibtorrentWireInteropTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final int PIECE_LENGTH = 32 * 1024;
    private static final int SIZE = 3 * PIECE_LENGTH + 5000;
    private static final String PEER = "libtorrent";

    @Test
    void downloadsEveryPieceFromALibtorrentSeedThroughOurCodec(@TempDir Path dir) throws Exception {
        run(dir, "make", Integer.toString(SIZE), Integer.toString(PIECE_LENGTH));
        Process seed = start(dir, "seed");
        try {
            int port = Integer.parseInt(readLine(seed, dir, "start seeding"));
            Metainfo meta = Metainfo.parse(Files.readAllBytes(dir.resolve("seed.torrent")));
            PieceLayout layout = PieceLayout.of(meta.info());
            assertThat(layout.pieceCount()).isEqualTo(4);
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(Handshake.of(meta.infoHash(), PeerId.generate(new SplittableRandom(1)), true, false).encode());
                out.write(MessageEncoder.encode(ExtensionHandshake.of(Map.of(), "Bittern interop test").toMessage()));
                out.write(MessageEncoder.encode(PeerMessage.Interested.INSTANCE));
                out.flush();

                Handshake theirs = Handshake.decode(in.readNBytes(Handshake.LENGTH));
                assertThat(theirs.infoHash()).isEqualTo(meta.infoHash());
                assertThat(theirs.supportsExtensionProtocol()).isTrue();

                ExtensionHandshake ext = download(in, out, meta, layout);
                assertThat(ext).as("libtorrent's BEP 10 handshake").isNotNull();
                assertThat(ext.client()).hasValueSatisfying(v -> assertThat(v).startsWith("libtorrent"));
                assertThat(ext.idOf("ut_metadata")).isPresent();
                assertThat(ext.metadataSize()).isPresent();
            }
        } finally {
            seed.getOutputStream().close();
            if (!seed.waitFor(10, TimeUnit.SECONDS)) {
                seed.destroyForcibly();
            }
        }
    }

    /** Runs the request/receive loop until every piece is verified; returns the peer's extension handshake. */
    private static ExtensionHandshake download(InputStream in, OutputStream out, Metainfo meta, PieceLayout layout) throws Exception {
        MessageDecoder decoder = new MessageDecoder(MessageLimits.forTorrent(layout.pieceCount()));
        MessageValidator validator = new MessageValidator(layout);
        PiecePicker<String> picker = new PiecePicker<>(layout, new SplittableRandom(2));
        BlockRequestQueue queue = new BlockRequestQueue(RequestPipeline.DEFAULT);
        byte[][] pieces = new byte[layout.pieceCount()][];
        ExtensionHandshake ext = null;
        boolean unchoked = false;
        byte[] buf = new byte[64 * 1024];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int reads = 0; reads < 100_000 && !picker.isComplete(); reads++) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("download from libtorrent did not finish in 30 s; have " + picker.have());
            }
            int n = in.read(buf);
            if (n < 0) {
                throw new AssertionError("libtorrent closed the connection; have " + picker.have());
            }
            for (PeerMessage m : decoder.feed(ByteBuffer.wrap(buf, 0, n))) {
                switch (m) {
                    case PeerMessage.Extended e when e.extendedId() == ExtensionHandshake.HANDSHAKE_ID ->
                            ext = ExtensionHandshake.parse(e.payload());
                    case PeerMessage.Bitfield b -> picker.peerBitfield(PEER, validator.bitfield(b));
                    case PeerMessage.Have h -> picker.peerHave(PEER, validator.have(h));
                    case PeerMessage.Unchoke u -> unchoked = true;
                    case PeerMessage.Choke c -> {
                        unchoked = false;
                        queue.clear();
                        picker.peerChoked(PEER);
                    }
                    case PeerMessage.Piece p -> {
                        validator.piece(p);
                        Block block = new Block(p.piece(), p.begin(), p.length());
                        queue.remove(block);
                        PiecePicker.Receipt<String> r = picker.blockReceived(PEER, block);
                        assertThat(r.isUseful()).as("block %s", block).isTrue();
                        if (pieces[p.piece()] == null) {
                            pieces[p.piece()] = new byte[layout.pieceSize(p.piece())];
                        }
                        p.dataView().get(pieces[p.piece()], p.begin(), p.length());
                        if (r.status() == PiecePicker.Status.PIECE_COMPLETE) {
                            assertThat(meta.info().pieceHashMatches(p.piece(), sha1(pieces[p.piece()])))
                                    .as("SHA-1 of piece %d", p.piece()).isTrue();
                            picker.pieceVerified(p.piece());
                        }
                    }
                    default -> {
                    }
                }
            }
            if (unchoked) {
                for (Block b : picker.pick(PEER, queue.room(0))) {
                    queue.sent(b, System.nanoTime());
                    out.write(MessageEncoder.encode(b.toRequest()));
                }
                out.flush();
            }
        }
        assertThat(picker.isComplete()).isTrue();
        byte[] all = new byte[SIZE];
        int at = 0;
        for (byte[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        for (int i = 0; i < SIZE; i++) {
            if (all[i] != (byte) (i * 7 + 13)) {
                throw new AssertionError("byte " + i + " differs from the seeded file");
            }
        }
        return ext;
    }

    @Test
    void libtorrentDownloadsEveryPieceFromUsThroughOurCodec(@TempDir Path dir) throws Exception {
        run(dir, "make", Integer.toString(SIZE), Integer.toString(PIECE_LENGTH));
        Metainfo meta = Metainfo.parse(Files.readAllBytes(dir.resolve("seed.torrent")));
        byte[] data = Files.readAllBytes(dir.resolve("data.bin"));
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(30_000);
            Process leech = start(dir, "leech", Integer.toString(server.getLocalPort()));
            try {
                int served;
                try (Socket socket = server.accept()) {
                    served = serve(socket, meta, data, leech);
                }
                assertThat(readLine(leech, dir, "complete the download")).isEqualTo("complete");
                assertThat(served).as("blocks served: 2 per full piece, 1 for the short last piece").isGreaterThanOrEqualTo(7);
                assertThat(Files.readAllBytes(dir.resolve("leech").resolve("data.bin"))).isEqualTo(data);
            } finally {
                if (!leech.waitFor(10, TimeUnit.SECONDS)) {
                    leech.destroyForcibly();
                }
            }
        }
    }

    /** Seeds to an incoming libtorrent connection until it disconnects (done) or exits; returns the blocks served. */
    private static int serve(Socket socket, Metainfo meta, byte[] data, Process leech) throws Exception {
        PieceLayout layout = PieceLayout.of(meta.info());
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        socket.setSoTimeout(10_000);
        Handshake theirs = Handshake.decode(in.readNBytes(Handshake.LENGTH));
        assertThat(theirs.infoHash()).isEqualTo(meta.infoHash());
        socket.setSoTimeout(500);
        out.write(Handshake.of(meta.infoHash(), PeerId.generate(new SplittableRandom(3)), true, false).encode());
        out.write(MessageEncoder.encode(ExtensionHandshake.of(Map.of(), "Bittern interop test").toMessage()));
        out.write(MessageEncoder.encode(PeerMessage.Bitfield.of(Bitfield.full(layout.pieceCount()))));
        out.flush();
        MessageDecoder decoder = new MessageDecoder(MessageLimits.forTorrent(layout.pieceCount()));
        MessageValidator validator = new MessageValidator(layout);
        int served = 0;
        byte[] buf = new byte[64 * 1024];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (System.nanoTime() < deadline && leech.isAlive()) {
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException idle) {
                continue;
            } catch (SocketException reset) {
                break; // libtorrent drops seed-to-seed connections once it completes
            }
            if (n < 0) {
                break;
            }
            for (PeerMessage m : decoder.feed(ByteBuffer.wrap(buf, 0, n))) {
                switch (m) {
                    case PeerMessage.Interested i -> out.write(MessageEncoder.encode(PeerMessage.Unchoke.INSTANCE));
                    case PeerMessage.Request r -> {
                        validator.request(r);
                        long at = (long) r.piece() * layout.pieceLength() + r.begin();
                        out.write(MessageEncoder.encode(new PeerMessage.Piece(r.piece(), r.begin(),
                                Arrays.copyOfRange(data, (int) at, (int) at + r.length()))));
                        served++;
                    }
                    default -> {
                    }
                }
            }
            out.flush();
        }
        return served;
    }

    /** Runs the libtorrent helper script in {@code mode} to completion. */
    private static void run(Path dir, String mode, String... args) throws Exception {
        Process p = start(dir, mode, args);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("libtorrent helper '" + mode + "' did not finish in 60 s");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError("libtorrent helper '" + mode + "' failed (is the python3 libtorrent module installed?): "
                    + Files.readString(dir.resolve(mode + ".log")).strip());
        }
    }

    private static Process start(Path dir, String mode, String... args) throws IOException {
        if (!Files.isExecutable(PYTHON)) {
            throw new AssertionError(PYTHON + " is missing; this interop test needs it with the libtorrent module and does not skip");
        }
        Path script = dir.resolve("libtorrent_peer.py");
        if (!Files.exists(script)) {
            try (InputStream s = LibtorrentWireInteropTest.class.getResourceAsStream("libtorrent_peer.py")) {
                Files.copy(s, script);
            }
        }
        List<String> command = new ArrayList<>(List.of(PYTHON.toString(), script.toString(), mode, dir.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(dir.resolve(mode + ".log").toFile()).start();
    }

    /** The helper's next stdout line, waiting at most 40 s. */
    private static String readLine(Process p, Path dir, String what) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        try (var exec = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return r.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, exec);
            String text;
            try {
                text = line.get(40, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                p.destroyForcibly();
                throw new AssertionError("libtorrent did not " + what + " in 40 s");
            }
            if (text == null) {
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("libtorrent did not " + what + ": " + logs(dir));
            }
            return text.strip();
        }
    }

    private static String logs(Path dir) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String mode : List.of("seed", "leech")) {
            Path log = dir.resolve(mode + ".log");
            if (Files.exists(log)) {
                sb.append(Files.readString(log).strip()).append(' ');
            }
        }
        return sb.toString().strip();
    }

    private static byte[] sha1(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-1").digest(b);
    }
}
