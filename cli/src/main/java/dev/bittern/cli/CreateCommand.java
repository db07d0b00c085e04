package dev.bittern.cli;

import dev.bittern.create.Content;
import dev.bittern.create.ContentException;
import dev.bittern.create.ContentScanner;
import dev.bittern.create.PieceHasher;
import dev.bittern.create.PieceLengthPolicy;
import dev.bittern.create.TorrentCreator;
import dev.bittern.metainfo.Metainfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bittern create}: makes a .torrent for a file or folder (see {@link TorrentCreator}). */
@Command(name = "create", mixinStandardHelpOptions = true, version = "bittern 0.1.0",
        description = {
                "Create a .torrent (BitTorrent v1) for a file or a folder.",
                "Files are ordered as mktorrent orders them (whole path, byte-wise), hidden files are included and "
                        + "symbolic links followed, so the info-hash equals mktorrent's for the same content, name and piece length.",
                "Pieces are hashed with SHA-1 on all cores."})
final class CreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "The file (single-file torrent) or folder (multi-file torrent) to share.")
    Path path;

    @Option(names = {"-t", "--tracker"}, paramLabel = "URL",
            description = "Tracker announce URL; repeat for backup tiers (one tier per -t, as mktorrent -a). "
                    + "URLs separated by commas share one tier. The first becomes 'announce'.")
    List<String> trackers = new ArrayList<>();

    @Option(names = {"-l", "--piece-length"}, paramLabel = "N",
            description = "Piece length: bytes (262144), with a unit (256KiB, 1MiB) or a power-of-two exponent like mktorrent -l (18 = 256KiB). "
                    + "Default: automatic, 256KiB up to 500MiB of content, doubling to keep at most 2000 pieces, at most 16MiB.")
    String pieceLength;

    @Option(names = {"-p", "--private"}, description = "Set the private flag (BEP 27): peers only from the trackers.")
    boolean isPrivate;

    @Option(names = {"-c", "--comment"}, paramLabel = "TEXT", description = "A comment stored in the torrent.")
    String comment;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the torrent (default: NAME.torrent in the current folder).")
    Path output;

    @Option(names = {"-f", "--force"}, description = "Overwrite FILE if it exists.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TorrentCreator.Options options = options();
        Content content;
        try {
            content = ContentScanner.scan(path);
        } catch (ContentException e) {
            throw new UserError(e.getMessage());
        }
        Path target = output != null ? output : Path.of(content.name() + ".torrent");
        if (!force && Files.exists(target)) {
            throw new UserError(target + ": already exists (use --force to overwrite)");
        }
        long total = content.totalLength();
        ProgressBar bar = ProgressBar.onTerminal(err, "hashing", total);
        TorrentCreator.Result result;
        long start = System.nanoTime();
        try {
            result = new TorrentCreator(new PieceHasher()).create(content, options, bar::update);
        } catch (ContentException e) {
            throw new UserError(e.getMessage());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        bar.finish(total);
        try {
            writeAtomically(target, result.torrent(), force);
        } catch (IOException e) {
            throw new UserError("cannot write " + ContentException.of(target, e).getMessage());
        }

        Metainfo m = result.metainfo();
        out.printf("created %s: %d file%s, %s in %d pieces of %s%n", target, content.files().size(),
                content.files().size() == 1 ? "" : "s", ProgressBar.bytes(total), m.info().pieceCount(),
                ProgressBar.bytes(m.info().pieceLength()));
        out.printf(Locale.ROOT, "hashed in %.2f s (%.2f GB/s on %d cores)%n", seconds, total / seconds / 1e9,
                Runtime.getRuntime().availableProcessors());
        out.println("info-hash: " + m.infoHash().hex().toLowerCase(Locale.ROOT));
        out.println(magnet(m));
        out.flush();
        return 0;
    }

    private TorrentCreator.Options options() {
        try {
            List<List<String>> tiers = new ArrayList<>();
            for (String t : trackers) {
                List<String> tier = Arrays.stream(t.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
                if (!tier.isEmpty()) {
                    tiers.add(tier);
                }
            }
            OptionalInt pl = pieceLength == null ? OptionalInt.empty() : OptionalInt.of(PieceLengthPolicy.parse(pieceLength));
            return new TorrentCreator.Options(tiers, pl, isPrivate, Optional.ofNullable(comment),
                    OptionalLong.of(System.currentTimeMillis() / 1000), TorrentCreator.CREATED_BY);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    static String magnet(Metainfo m) {
        StringBuilder sb = new StringBuilder("magnet:?xt=urn:btih:").append(m.infoHash().hex().toLowerCase(Locale.ROOT));
        sb.append("&dn=").append(urlEncode(m.info().name()));
        for (List<String> tier : m.trackerTiers()) {
            for (String url : tier) {
                sb.append("&tr=").append(urlEncode(url));
            }
        }
        return sb.toString();
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Writes via a temporary file in the same folder, fsyncs it, renames it into place and fsyncs
     * the folder: a crash leaves either no torrent or the complete one, never a torn file.
     */
    static void writeAtomically(Path target, byte[] data, boolean replace) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            if (replace) {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                // A hard link fails if the name exists, so a file created meanwhile is never replaced.
                try {
                    Files.createLink(abs, tmp);
                    Files.delete(tmp);
                } catch (FileAlreadyExistsException e) {
                    throw new UserError(target + ": already exists (use --force to overwrite)");
                } catch (UnsupportedOperationException | IOException noHardLinks) {
                    // Filesystems without hard links: rename; the existence check before hashing still applies.
                    Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
