package dev.bittern.cli;

import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.metainfo.MagnetException;
import dev.bittern.metainfo.MagnetLink;
import dev.bittern.metainfo.Metainfo;
import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bittern info}: what a .torrent (file or URL) or a magnet link describes. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show what a .torrent file, a .torrent URL (http/https) or a magnet link describes:"
                + " name, info-hash, size, pieces, files, trackers, web seeds.")
final class InfoCommand implements Callable<Integer> {
    /** Text mode lists at most this many files; --json lists all. */
    static final int MAX_FILES_SHOWN = 50;

    @Parameters(index = "0", paramLabel = "FILE|URL|MAGNET", description = "a .torrent file, an http(s) URL of one, or a magnet: link")
    String source;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        String lower = source.toLowerCase(Locale.ROOT);
        if (lower.startsWith("magnet:")) {
            MagnetLink magnet;
            try {
                magnet = MagnetLink.parse(source);
            } catch (MagnetException e) {
                throw new UserError(e.getMessage());
            }
            out.println(json ? Json.write(magnetJson(magnet)) : magnetText(magnet));
        } else {
            Metainfo m = TorrentSource.load(source);
            out.println(json ? Json.write(torrentJson(m)) : torrentText(m));
        }
        out.flush();
        return 0;
    }

    // ---- text ----

    private String torrentText(Metainfo m) {
        InfoDictionary info = m.info();
        StringBuilder sb = new StringBuilder();
        line(sb, "name", info.name());
        line(sb, "info-hash", m.infoHash().hex());
        line(sb, "magnet", MagnetLink.of(m).toUri());
        line(sb, "total size", Sizes.human(info.totalLength()));
        line(sb, "piece length", Sizes.human(info.pieceLength()));
        line(sb, "pieces", Integer.toString(info.pieceCount()));
        line(sb, "private", info.isPrivate() ? "yes (BEP 27: trackers only, no DHT/PEX)" : "no");
        List<FileEntry> files = info.files().stream().filter(f -> !f.padding()).toList();
        long padding = info.files().size() - files.size();
        line(sb, "files", files.size() + (info.isMultiFile() ? " in folder '" + printable(info.name()) + "'" : "")
                + (padding > 0 ? " (+" + padding + " padding files)" : ""));
        for (int i = 0; i < Math.min(files.size(), MAX_FILES_SHOWN); i++) {
            FileEntry f = files.get(i);
            sb.append("  ").append(printable(f.displayPath())).append("  ").append(Sizes.human(f.length())).append('\n');
        }
        if (files.size() > MAX_FILES_SHOWN) {
            sb.append("  ... and ").append(files.size() - MAX_FILES_SHOWN).append(" more (--json lists all)\n");
        }
        List<List<String>> tiers = m.trackerTiers();
        if (tiers.isEmpty()) {
            line(sb, "trackers", "none (peers via DHT/PEX only)");
        } else {
            line(sb, "trackers", tiers.size() == 1 ? "1 tier" : tiers.size() + " tiers (BEP 12: tried in order)");
            for (int t = 0; t < tiers.size(); t++) {
                sb.append("  tier ").append(t + 1).append(": ").append(printable(String.join(", ", tiers.get(t)))).append('\n');
            }
        }
        if (!m.urlList().isEmpty()) {
            line(sb, "web seeds", "");
            for (String w : m.urlList()) {
                sb.append("  ").append(printable(w)).append('\n');
            }
        }
        m.comment().ifPresent(c -> line(sb, "comment", c));
        m.createdBy().ifPresent(c -> line(sb, "created by", c));
        m.creationDate().ifPresent(d -> line(sb, "creation date", isoDate(d)));
        return sb.toString().stripTrailing();
    }

    private String magnetText(MagnetLink magnet) {
        StringBuilder sb = new StringBuilder();
        line(sb, "name", magnet.displayName().orElse("(not given)"));
        line(sb, "info-hash", magnet.infoHash().hex());
        line(sb, "magnet", magnet.toUri());
        if (magnet.trackers().isEmpty()) {
            line(sb, "trackers", "none (peers via DHT)");
        } else {
            line(sb, "trackers", "");
            for (String t : magnet.trackers()) {
                sb.append("  ").append(printable(t)).append('\n');
            }
        }
        if (!magnet.peers().isEmpty()) {
            line(sb, "peers", "");
            for (MagnetLink.Peer p : magnet.peers()) {
                sb.append("  ").append(p).append('\n');
            }
        }
        sb.append("size, pieces and files are not in a magnet link: they come with the metadata from peers (BEP 9)\n");
        return sb.toString().stripTrailing();
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("%-14s %s", label + ":", printable(value)).stripTrailing()).append('\n');
    }

    /**
     * Text from a torrent or magnet is untrusted: control characters (escape sequences, newlines,
     * BiDi overrides) are shown escaped so they cannot rewrite the user's terminal.
     */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    private static String isoDate(long epochSeconds) {
        try {
            return Instant.ofEpochSecond(epochSeconds).toString();
        } catch (DateTimeException e) {
            return epochSeconds + " (seconds since 1970, out of range)";
        }
    }

    // ---- JSON ----

    private Map<String, Object> torrentJson(Metainfo m) {
        InfoDictionary info = m.info();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("source", source);
        o.put("type", "torrent");
        o.put("name", info.name());
        o.put("infoHash", m.infoHash().hex());
        o.put("magnet", MagnetLink.of(m).toUri());
        o.put("totalSize", info.totalLength());
        o.put("totalSizeHuman", Sizes.human(info.totalLength()));
        o.put("pieceLength", info.pieceLength());
        o.put("pieceCount", info.pieceCount());
        o.put("private", info.isPrivate());
        o.put("multiFile", info.isMultiFile());
        List<Object> files = new ArrayList<>();
        for (FileEntry f : info.files()) {
            Map<String, Object> fo = new LinkedHashMap<>();
            fo.put("path", f.displayPath());
            fo.put("size", f.length());
            fo.put("offset", f.offset());
            if (f.padding()) {
                fo.put("padding", true);
            }
            files.add(fo);
        }
        o.put("files", files);
        o.put("trackers", new ArrayList<Object>(m.trackerTiers()));
        o.put("webSeeds", new ArrayList<Object>(m.urlList()));
        o.put("comment", m.comment().orElse(null));
        o.put("createdBy", m.createdBy().orElse(null));
        o.put("creationDate", m.creationDate().map(InfoCommand::isoDate).orElse(null));
        return o;
    }

    private Map<String, Object> magnetJson(MagnetLink magnet) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("source", source);
        o.put("type", "magnet");
        o.put("name", magnet.displayName().orElse(null));
        o.put("infoHash", magnet.infoHash().hex());
        o.put("magnet", magnet.toUri());
        o.put("trackers", new ArrayList<Object>(magnet.trackers()));
        o.put("peers", magnet.peers().stream().map(p -> (Object) p.toString()).toList());
        return o;
    }
}
