package dev.bittern.cli;

import com.sun.net.httpserver.HttpServer;
import dev.bittern.create.ContentScanner;
import dev.bittern.create.PieceHasher;
import dev.bittern.create.TorrentCreator;
import dev.bittern.metainfo.MagnetLink;
import dev.bittern.session.Client;
import dev.bittern.session.TorrentSession;
import dev.bittern.storage.FileSelection;
import dev.bittern.time.Clock;
import dev.bittern.tracker.server.TrackerConfig;
import dev.bittern.tracker.server.TrackerLimits;
import dev.bittern.tracker.server.TrackerServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/**
 * {@code bittern share PATH}: makes a torrent of PATH, runs an embedded HTTP tracker for it,
 * serves the .torrent over HTTP and seeds it until Ctrl-C.
 */
@Command(name = "share", mixinStandardHelpOptions = true,
        description = {"Shares a file or folder: creates its .torrent, starts an embedded HTTP tracker for it,",
                "serves the .torrent at http://HOST:PORT/NAME.torrent and seeds it. Prints the .torrent URL and",
                "the magnet link; runs until Ctrl-C."})
public final class ShareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "the file or folder to share")
    Path path;

    @Option(names = "--host", paramLabel = "HOST",
            description = "Host name or address others reach this machine at (in the tracker and .torrent URLs)."
                    + " Default: the --bind address, or this machine's address when binding to all.")
    String host;

    @Option(names = "--tracker-port", paramLabel = "PORT", defaultValue = "0",
            description = "HTTP port of the embedded tracker and .torrent download (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int trackerPort;

    @Option(names = "--torrent-out", paramLabel = "FILE", description = "Also write the .torrent here.")
    Path torrentOut;

    @Mixin
    PeerOptions peerOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!Files.exists(path)) {
            throw new UserError(path + ": no such file or folder");
        }
        if (trackerPort < 0 || trackerPort > 65535) {
            throw new UserError("--tracker-port must be between 0 and 65535, got " + trackerPort);
        }
        Client.Settings cs = peerOptions.clientSettings();
        InetAddress bind = cs.bind().getAddress();
        String publicHost = host != null ? host : bind.isAnyLocalAddress() ? InetAddress.getLocalHost().getHostAddress() : bind.getHostAddress();
        String hostPart = publicHost.contains(":") ? "[" + publicHost + "]" : publicHost;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        TrackerServer tracker = TrackerServer.start(new TrackerConfig(bind, trackerPort, -1, Optional.empty(), Optional.empty(),
                TrackerLimits.DEFAULT.withInterval(60), false), Clock.system());
        HttpServer web = null;
        try {
            String announce = "http://" + hostPart + ":" + tracker.httpPort() + "/announce";
            TorrentCreator.Result created;
            try {
                created = new TorrentCreator(new PieceHasher()).create(ContentScanner.scan(path),
                        new TorrentCreator.Options(List.of(List.of(announce)), OptionalInt.empty(), false, Optional.empty(),
                                OptionalLong.of(System.currentTimeMillis() / 1000), TorrentCreator.CREATED_BY), n -> {
                        });
            } catch (NoSuchFileException e) {
                throw new UserError(path + ": no such file or folder");
            }
            if (torrentOut != null) {
                Files.write(torrentOut, created.torrent());
            }
            String name = created.metainfo().info().name();
            String file = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + ".torrent";
            web = HttpServer.create(new InetSocketAddress(bind, 0), 16);
            byte[] body = created.torrent();
            web.createContext("/" + file, exchange -> {
                try (exchange) {
                    exchange.getResponseHeaders().set("Content-Type", "application/x-bittorrent");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream os = exchange.getResponseBody()) {
                        os.write(body);
                    }
                }
            });
            web.start();
            Client client = DownloadCommand.start(cs);
            TorrentSession session = client.add(created.metainfo(), path.toAbsolutePath().normalize().getParent(),
                    FileSelection.all(), null, peerOptions.sessionSettings(), true);
            SessionRunner.addPeers(session, peerOptions.peerAddresses());
            out.println("torrent: http://" + hostPart + ":" + web.getAddress().getPort() + "/" + file);
            out.println("magnet:  " + MagnetLink.of(created.metainfo()).toUri());
            out.println("tracker: " + announce);
            out.flush();
            err.println("bittern share: seeding " + name + " on port " + client.port());
            err.flush();
            return SessionRunner.run(client, session, err, s -> false);
        } finally {
            if (web != null) {
                web.stop(0);
            }
            tracker.close();
        }
    }
}
