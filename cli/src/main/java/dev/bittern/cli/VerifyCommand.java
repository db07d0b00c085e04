package dev.bittern.cli;

import dev.bittern.bencode.BencodeException;
import dev.bittern.create.ContentException;
import dev.bittern.create.ContentVerifier;
import dev.bittern.create.PieceHasher;
import dev.bittern.create.VerifyReport;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.metainfo.MetainfoException;
import dev.bittern.metainfo.TorrentPaths;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bittern verify}: checks downloaded data against a torrent's piece hashes. */
@Command(name = "verify", mixinStandardHelpOptions = true, version = "bittern 0.1.0",
        description = {
                "Check the data in DIR against the piece hashes of TORRENT and report good, bad and missing pieces per file.",
                "Files are looked for where clients save them: DIR/NAME for a single-file torrent, DIR/NAME/PATH for a multi-file one.",
                "Exit status: 0 all pieces good and all files complete, 1 something bad or missing, 2 the torrent or DIR could not be used."})
final class VerifyCommand implements Callable<Integer> {
    static final int EXIT_INCOMPLETE = 1;
    static final int EXIT_ERROR = 2;
    /** Real torrents are at most a few MiB; the bound keeps a wrong argument from filling the heap. */
    static final long MAX_TORRENT_BYTES = 64L << 20;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "TORRENT", description = "The .torrent file.")
    Path torrent;

    @Parameters(index = "1", paramLabel = "DIR", description = "The folder the content was saved in.")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Metainfo m = load(torrent);
        if (!Files.isDirectory(dir)) {
            throw new UserError(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such file or directory"), EXIT_ERROR);
        }
        long total = m.info().totalLength();
        ProgressBar bar = ProgressBar.onTerminal(spec.commandLine().getErr(), "verifying", total);
        VerifyReport report;
        try {
            report = new ContentVerifier(new PieceHasher()).verify(m, dir, bar::update);
        } catch (TorrentPaths.UnsafePathException | IllegalArgumentException e) {
            throw new UserError(torrent + ": " + e.getMessage(), EXIT_ERROR);
        } catch (IOException e) {
            throw new UserError(e.getMessage(), EXIT_ERROR);
        }
        bar.finish(total);

        for (VerifyReport.FileReport f : report.files()) {
            if (f.state() == VerifyReport.FileState.PADDING) {
                continue;
            }
            out.println(line(f, m));
        }
        out.printf("%s: %d good, %d bad, %d missing of %d pieces%n", report.allGood() ? "ok" : "FAILED",
                report.count(VerifyReport.PieceState.GOOD), report.count(VerifyReport.PieceState.BAD),
                report.count(VerifyReport.PieceState.MISSING), report.pieceCount());
        out.flush();
        return report.allGood() ? 0 : EXIT_INCOMPLETE;
    }

    private static String line(VerifyReport.FileReport f, Metainfo m) {
        String name = m.info().isMultiFile() ? m.info().name() + "/" + f.file().displayPath() : f.file().displayPath();
        String pieces = f.good() + " good, " + f.bad() + " bad, " + f.missing() + " missing";
        String status = switch (f.state()) {
            case MISSING -> "MISSING  " + name + "  (file not found; " + pieces + ")";
            case SHORT -> "SHORT    " + name + "  (" + f.actualLength() + " of " + f.file().length() + " bytes; " + pieces + ")";
            case LONG -> "LONG     " + name + "  (" + f.actualLength() + " bytes, torrent says " + f.file().length() + "; " + pieces + ")";
            case PRESENT, PADDING -> (f.ok() ? "ok       " : "BAD      ") + name + "  (" + pieces + ")";
        };
        return status;
    }

    private static Metainfo load(Path torrent) {
        try {
            long size = Files.size(torrent);
            if (size > MAX_TORRENT_BYTES) {
                throw new UserError(torrent + ": " + size + " bytes is too large for a .torrent (limit " + MAX_TORRENT_BYTES + ")", EXIT_ERROR);
            }
            return Metainfo.parse(Files.readAllBytes(torrent));
        } catch (IOException e) {
            throw new UserError(ContentException.of(torrent, e).getMessage(), EXIT_ERROR);
        } catch (MetainfoException e) {
            throw new UserError(torrent + ": " + e.getMessage(), EXIT_ERROR);
        } catch (BencodeException e) {
            throw new UserError(torrent + ": not a valid torrent: " + e.getMessage(), EXIT_ERROR);
        }
    }
}
