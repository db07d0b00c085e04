package dev.bittern.session;

import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.FileSelection;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The downloader that {@link CrashSafetyTest} runs in its own JVM and kills with SIGKILL:
 * {@code TORRENT DIR HOST PORT RATE}. Exits 0 once the download is complete.
 */
public final class CrashingDownloader {
    private CrashingDownloader() {
    }

    public static void main(String[] args) throws Exception {
        Metainfo m = Metainfo.parse(Files.readAllBytes(Path.of(args[0])));
        try (Client c = Client.start(new Client.Settings(new InetSocketAddress("127.0.0.1", 0), 10, 0, 0))) {
            TorrentSession s = c.add(m, Path.of(args[1]), FileSelection.all(), null,
                    SessionSettings.DEFAULTS.withRates(0, Long.parseLong(args[4])), false);
            System.out.println("started with " + s.status().verifiedPieces() + " pieces");
            s.addPeer(new InetSocketAddress(args[2], Integer.parseInt(args[3])));
            s.completed().get(120, TimeUnit.SECONDS);
            System.out.println("complete");
        }
        System.exit(0);
    }
}
