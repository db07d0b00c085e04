package dev.bittern.session;

import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Bittern to Bittern over real TCP on loopback, in one JVM: a seed and one or more leechers. */
class LoopbackTransferTest {
    private static final int PIECE = 256 * 1024;

    private static Client.Settings loopback() {
        return new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 50, 0, 0);
    }

    @Test
    @Timeout(120)
    void leecherDownloadsBitExactCopyFromSeed(@TempDir Path tmp) throws Exception {
        Path seedDir = tmp.resolve("seed");
        Path file = SwarmFixtures.randomFile(seedDir, "data.bin", 5 * 1024 * 1024 + 12345, 1);
        Metainfo m = SwarmFixtures.torrent(file, PIECE, tmp.resolve("t.torrent"), List.of());
        try (Client seeder = Client.start(loopback()); Client leecher = Client.start(loopback())) {
            TorrentSession seed = seeder.add(m, seedDir, FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            assertThat(seed.completed()).isCompleted(); // found by hashing the folder
            TorrentSession leech = leecher.add(m, tmp.resolve("leech"), FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            assertThat(leech.completed()).isNotDone();
            leech.addPeer(new InetSocketAddress("127.0.0.1", seeder.port()));
            leech.completed().get(100, TimeUnit.SECONDS);
            SwarmFixtures.assertSameBytes(file, tmp.resolve("leech").resolve("data.bin"));
        }
    }

    @Test
    @Timeout(180)
    void threeLeechersDownloadFromOneSeedAndEachOther(@TempDir Path tmp) throws Exception {
        Path seedDir = tmp.resolve("seed");
        Path file = SwarmFixtures.randomFile(seedDir, "data.bin", 7 * 1024 * 1024 + 777, 2);
        Metainfo m = SwarmFixtures.torrent(file, PIECE, tmp.resolve("t.torrent"), List.of());
        List<Client> clients = new ArrayList<>();
        try {
            Client seeder = Client.start(loopback());
            clients.add(seeder);
            seeder.add(m, seedDir, FileSelection.all(), null, SessionSettings.DEFAULTS, false);
            List<TorrentSession> leechers = new ArrayList<>();
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Client c = Client.start(loopback());
                clients.add(c);
                ports.add(c.port());
                leechers.add(c.add(m, tmp.resolve("leech" + i), FileSelection.all(), null, SessionSettings.DEFAULTS, false));
            }
            for (int i = 0; i < 3; i++) {
                leechers.get(i).addPeer(new InetSocketAddress("127.0.0.1", seeder.port()));
                for (int j = 0; j < i; j++) {
                    leechers.get(i).addPeer(new InetSocketAddress("127.0.0.1", ports.get(j)));
                }
            }
            for (int i = 0; i < 3; i++) {
                leechers.get(i).completed().get(150, TimeUnit.SECONDS);
                SwarmFixtures.assertSameBytes(file, tmp.resolve("leech" + i).resolve("data.bin"));
            }
        } finally {
            for (Client c : clients) {
                c.close();
            }
        }
    }

    @Test
    @Timeout(120)
    void downloadAndUploadLimitsHoldTheTransferBack(@TempDir Path tmp) throws Exception {
        long size = 2L * 1024 * 1024;
        long rate = 512 * 1024;
        Path seedDir = tmp.resolve("seed");
        Path file = SwarmFixtures.randomFile(seedDir, "data.bin", size, 3);
        Metainfo m = SwarmFixtures.torrent(file, PIECE, tmp.resolve("t.torrent"), List.of());
        for (boolean limitUpload : new boolean[] {false, true}) {
            Path dir = tmp.resolve(limitUpload ? "up" : "down");
            try (Client seeder = Client.start(loopback()); Client leecher = Client.start(loopback())) {
                seeder.add(m, seedDir, FileSelection.all(), null,
                        limitUpload ? SessionSettings.DEFAULTS.withRates(rate, 0) : SessionSettings.DEFAULTS, false);
                TorrentSession leech = leecher.add(m, dir, FileSelection.all(), null,
                        limitUpload ? SessionSettings.DEFAULTS : SessionSettings.DEFAULTS.withRates(0, rate), false);
                long start = System.nanoTime();
                leech.addPeer(new InetSocketAddress("127.0.0.1", seeder.port()));
                leech.completed().get(100, TimeUnit.SECONDS);
                double seconds = (System.nanoTime() - start) / 1e9;
                // The token bucket starts with a burst of rate/4; the rest must wait for tokens.
                assertThat(seconds).as(limitUpload ? "upload limit" : "download limit").isGreaterThan((size - rate / 4.0) / rate * 0.9);
                SwarmFixtures.assertSameBytes(file, dir.resolve("data.bin"));
            }
        }
    }
}
