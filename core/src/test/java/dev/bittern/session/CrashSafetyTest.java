package dev.bittern.session;

import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 in the middle of a download (a separate JVM, rate-limited so the kills land mid-way),
 * restarted each time: the result is bit-exact and no piece that was complete on disk at a kill is
 * requested again afterwards (the seed side counts requests through a proxy).
 */
class CrashSafetyTest {
    private static final int PIECE = 256 * 1024;
    private static final long SIZE = 8L * 1024 * 1024 + 4567;
    private static final long RATE = 1024 * 1024;

    @Test
    @Timeout(300)
    void killedDownloaderResumesWithoutRefetchingVerifiedPieces(@TempDir Path tmp) throws Exception {
        Path file = SwarmFixtures.randomFile(tmp.resolve("seed"), "data.bin", SIZE, 5);
        Path torrent = tmp.resolve("t.torrent");
        Metainfo m = SwarmFixtures.torrent(file, PIECE, torrent, List.of());
        Path out = tmp.resolve("out");
        try (Client seeder = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0));
             RequestCountingProxy proxy = new RequestCountingProxy(new InetSocketAddress("127.0.0.1", seeder.port()),
                     m.info().pieceCount())) {
            seeder.add(m, tmp.resolve("seed"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            List<BitSet> completeAtKill = new ArrayList<>();
            long[] killAfterMillis = {2500, 2000, 3000};
            for (int run = 0; run < killAfterMillis.length; run++) {
                proxy.run = run;
                Process p = start(torrent, out, proxy.port(), tmp.resolve("run" + run + ".log"));
                Thread.sleep(killAfterMillis[run]);
                p.destroyForcibly(); // SIGKILL: no shutdown hook, no resume flush
                assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
                completeAtKill.add(piecesOnDisk(file, out.resolve("data.bin"), m.info().pieceCount()));
            }
            proxy.run = killAfterMillis.length;
            Process last = start(torrent, out, proxy.port(), tmp.resolve("final.log"));
            assertThat(last.waitFor(120, TimeUnit.SECONDS)).as(Files.readString(tmp.resolve("final.log"))).isTrue();
            assertThat(last.exitValue()).as(Files.readString(tmp.resolve("final.log"))).isZero();
            SwarmFixtures.assertSameBytes(file, out.resolve("data.bin"));

            BitSet lastKill = completeAtKill.get(completeAtKill.size() - 1);
            assertThat(lastKill.cardinality()).as("the kills should land mid-download").isBetween(1, m.info().pieceCount() - 1);
            for (RequestCountingProxy.Sent s : proxy.requests()) {
                for (int k = 0; k < s.run() && k < completeAtKill.size(); k++) {
                    assertThat(completeAtKill.get(k).get(s.piece()))
                            .as("piece " + s.piece() + " was complete on disk at kill " + k + " but requested again in run " + s.run())
                            .isFalse();
                }
            }
        }
    }

    private static Process start(Path torrent, Path out, int port, Path log) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                CrashingDownloader.class.getName(), torrent.toString(), out.toString(), "127.0.0.1", String.valueOf(port),
                String.valueOf(RATE))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Pieces whose bytes on disk equal the original's (what a restarted client can find by hashing). */
    private static BitSet piecesOnDisk(Path original, Path copy, int pieces) throws IOException, NoSuchAlgorithmException {
        BitSet ok = new BitSet(pieces);
        if (!Files.exists(copy)) {
            return ok;
        }
        try (RandomAccessFile a = new RandomAccessFile(original.toFile(), "r"); RandomAccessFile b = new RandomAccessFile(copy.toFile(), "r")) {
            byte[] x = new byte[PIECE];
            byte[] y = new byte[PIECE];
            for (int i = 0; i < pieces; i++) {
                int len = (int) Math.min(PIECE, SIZE - (long) i * PIECE);
                if (b.length() < (long) i * PIECE + len) {
                    continue;
                }
                a.seek((long) i * PIECE);
                a.readFully(x, 0, len);
                b.seek((long) i * PIECE);
                b.readFully(y, 0, len);
                MessageDigest d1 = MessageDigest.getInstance("SHA-1");
                MessageDigest d2 = MessageDigest.getInstance("SHA-1");
                d1.update(x, 0, len);
                d2.update(y, 0, len);
                if (MessageDigest.isEqual(d1.digest(), d2.digest())) {
                    ok.set(i);
                }
            }
        }
        return ok;
    }
}
