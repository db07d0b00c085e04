package dev.bittern.cli;

import dev.bittern.metainfo.Metainfo;
import dev.bittern.session.Client;
import dev.bittern.session.TorrentSession;
import dev.bittern.storage.FileSelection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code bittern seed}: serves a torrent's complete files until Ctrl-C. */
@Command(name = "seed", mixinStandardHelpOptions = true,
        description = {"Seeds a torrent from DIR (the folder that contains the torrent's file or folder).",
                "The data is checked by hashing first; only verified pieces are served. Runs until Ctrl-C."})
public final class SeedCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TORRENT|URL", description = "a .torrent file or an http(s) URL of one")
    String source;

    @Parameters(index = "1", paramLabel = "DIR", description = "folder containing the torrent's data")
    Path dir;

    @Mixin
    PeerOptions peerOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Metainfo m = TorrentSource.load(source);
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + ": not a directory");
        }
        Client.Settings cs = peerOptions.clientSettings();
        var peers = peerOptions.peerAddresses();
        PrintWriter err = spec.commandLine().getErr();
        Client client = DownloadCommand.start(cs);
        TorrentSession session = client.add(m, dir, FileSelection.all(), null, peerOptions.sessionSettings(), !peerOptions.noTrackers);
        if (!session.completed().isDone()) {
            err.println("bittern seed: warning: " + dir + " holds " + session.status().verifiedPieces() + " of "
                    + session.status().pieceCount() + " pieces of " + m.info().name() + "; serving those and downloading the rest");
        }
        SessionRunner.addPeers(session, peers);
        err.println("bittern seed: " + m.info().name() + " from " + dir.toAbsolutePath().normalize() + " on port " + client.port());
        err.flush();
        return SessionRunner.run(client, session, err, s -> false);
    }
}
