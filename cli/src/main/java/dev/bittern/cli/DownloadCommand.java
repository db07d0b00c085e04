package dev.bittern.cli;

import dev.bittern.engine.PiecePriorities;
import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.session.Client;
import dev.bittern.session.TorrentSession;
import dev.bittern.storage.FileSelection;
import dev.bittern.wire.PieceLayout;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code bittern download}: downloads a torrent, then seeds until a limit or Ctrl-C. */
@Command(name = "download", mixinStandardHelpOptions = true,
        description = {"Downloads a torrent over the BitTorrent peer protocol, verifying every piece, then seeds it.",
                "Resumes where it stopped (resume data in DIR/.bittern). Without --seed-ratio, --seed-time or",
                "--exit-on-complete it keeps seeding until Ctrl-C."})
public final class DownloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TORRENT|URL", description = "a .torrent file or an http(s) URL of one")
    String source;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "Folder to download into. Default: the current folder.")
    Path output;

    @Option(names = "--files", paramLabel = "N", split = ",",
            description = "Download only these files (indices as listed by `bittern info`, comma-separated).")
    List<Integer> files;

    @ArgGroup(exclusive = true)
    StopCondition stop = new StopCondition();

    static final class StopCondition {
        @Option(names = "--seed-ratio", paramLabel = "R", description = "After completing, seed until uploaded/size reaches R.")
        Double seedRatio;

        @Option(names = "--seed-time", paramLabel = "T", description = "After completing, seed for T (e.g. 90s, 30m, 2h).")
        String seedTime;

        @Option(names = "--exit-on-complete", description = "Exit as soon as the download is complete and verified.")
        boolean exitOnComplete;
    }

    @Mixin
    PeerOptions peerOptions;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Metainfo m = TorrentSource.load(source);
        Client.Settings cs = peerOptions.clientSettings();
        var peers = peerOptions.peerAddresses();
        FileSelection selection = FileSelection.all();
        int[] priorities = null;
        if (files != null && !files.isEmpty()) {
            List<FileEntry> entries = m.info().files();
            List<Long> lengths = new ArrayList<>();
            List<Integer> prios = new ArrayList<>();
            for (FileEntry f : entries) {
                lengths.add(f.length());
                prios.add(PiecePriorities.SKIP);
            }
            int[] indices = new int[files.size()];
            for (int i = 0; i < files.size(); i++) {
                int f = files.get(i);
                if (f < 0 || f >= entries.size()) {
                    throw new UserError("--files " + f + ": the torrent has files 0.." + (entries.size() - 1));
                }
                prios.set(f, PiecePriorities.NORMAL);
                indices[i] = f;
            }
            selection = FileSelection.only(indices);
            priorities = PiecePriorities.fromFiles(new PieceLayout(m.info().totalLength(), m.info().pieceLength()), lengths, prios);
        }
        Duration seedTime = stop.seedTime == null ? null : duration(stop.seedTime);
        if (stop.seedRatio != null && !(stop.seedRatio >= 0)) {
            throw new UserError("--seed-ratio must be a non-negative number, got " + stop.seedRatio);
        }
        PrintWriter err = spec.commandLine().getErr();
        Client client = start(cs);
        TorrentSession session = client.add(m, output, selection, priorities, peerOptions.sessionSettings(), !peerOptions.noTrackers);
        SessionRunner.addPeers(session, peers);
        err.println("bittern download: " + m.info().name() + " into " + output.toAbsolutePath().normalize()
                + ", listening on port " + client.port());
        long size = m.info().totalLength();
        return SessionRunner.run(client, session, err, s -> {
            if (!s.completed().isDone() || s.completed().isCompletedExceptionally()) {
                return false;
            }
            if (stop.exitOnComplete) {
                return true;
            }
            if (stop.seedRatio != null) {
                return size == 0 || (double) s.status().uploaded() / size >= stop.seedRatio;
            }
            if (seedTime != null) {
                return s.secondsSinceComplete() >= seedTime.toSeconds();
            }
            return false;
        });
    }

    static Client start(Client.Settings cs) throws IOException {
        try {
            return Client.start(cs);
        } catch (BindException e) {
            throw new UserError("cannot listen on " + cs.bind() + ": " + e.getMessage());
        }
    }

    /** "90", "90s", "30m", "2h", "1d". */
    static Duration duration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!v.isEmpty() && "smhd".indexOf(v.charAt(v.length() - 1)) >= 0) {
            unit = switch (v.charAt(v.length() - 1)) {
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                default -> 1;
            };
            v = v.substring(0, v.length() - 1);
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(Math.multiplyExact(n, unit));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UserError("--seed-time " + value + ": expected a duration like 90s, 30m, 2h or 1d");
        }
    }
}
