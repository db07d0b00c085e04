package dev.bittern.create;

import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.metainfo.TorrentPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Checks content on disk against a torrent's piece hashes with the same {@link PieceHasher}
 * used for creating. Layout as clients save it: a single-file torrent is {@code DIR/name},
 * a multi-file torrent {@code DIR/name/path...}; paths go through {@link TorrentPaths#resolve}
 * because they come from an untrusted .torrent. Pieces that touch a missing or short file are
 * reported MISSING without reading anything; BEP 47 padding files count as zeros.
 */
public final class ContentVerifier {
    private final PieceHasher hasher;

    public ContentVerifier(PieceHasher hasher) {
        this.hasher = hasher;
    }

    /**
     * @throws IllegalArgumentException when the torrent's piece length is above {@link PieceLengthPolicy#MAX}:
     *     each worker buffers a whole piece, and a hostile torrent may declare pieces of up to 1 GiB
     */
    public VerifyReport verify(Metainfo metainfo, Path dir, LongConsumer progress) throws IOException {
        InfoDictionary info = metainfo.info();
        int pieceLength = info.pieceLength();
        if (pieceLength > PieceLengthPolicy.MAX) {
            throw new IllegalArgumentException("piece length " + pieceLength + " is above the supported "
                    + PieceLengthPolicy.MAX + " bytes");
        }
        VerifyReport.PieceState[] states = new VerifyReport.PieceState[info.pieceCount()];
        boolean[] unavailable = new boolean[info.pieceCount()];

        List<FileEntry> entries = info.files();
        List<PieceHasher.Segment> segments = new ArrayList<>(entries.size());
        List<Path> locations = new ArrayList<>(entries.size());
        List<VerifyReport.FileState> found = new ArrayList<>(entries.size());
        List<Long> actual = new ArrayList<>(entries.size());
        for (FileEntry e : entries) {
            if (e.padding()) {
                segments.add(PieceHasher.Segment.zeros(e.length()));
                locations.add(null);
                found.add(VerifyReport.FileState.PADDING);
                actual.add(e.length());
                continue;
            }
            List<String> components = new ArrayList<>();
            components.add(info.name());
            if (info.isMultiFile()) {
                components.addAll(e.path());
            }
            Path location = TorrentPaths.resolve(dir, components);
            BasicFileAttributes attrs = attributes(location);
            VerifyReport.FileState state;
            long size = attrs == null || !attrs.isRegularFile() ? -1 : attrs.size();
            if (size < 0) {
                state = VerifyReport.FileState.MISSING;
            } else if (size < e.length()) {
                state = VerifyReport.FileState.SHORT;
            } else if (size > e.length()) {
                state = VerifyReport.FileState.LONG;
            } else {
                state = VerifyReport.FileState.PRESENT;
            }
            if ((state == VerifyReport.FileState.MISSING || state == VerifyReport.FileState.SHORT) && e.length() > 0) {
                Arrays.fill(unavailable, first(e, pieceLength), last(e, pieceLength) + 1, true);
            }
            segments.add(new PieceHasher.Segment(location, e.length()));
            locations.add(location);
            found.add(state);
            actual.add(Math.max(size, 0));
        }

        for (int i = 0; i < states.length; i++) {
            if (unavailable[i]) {
                states[i] = VerifyReport.PieceState.MISSING;
            }
        }
        // Each index is written by exactly one worker; the pool's completion publishes the writes.
        hasher.hash(segments, pieceLength, i -> !unavailable[i], (i, sha1) -> states[i] = info.pieceHashMatches(i, sha1)
                ? VerifyReport.PieceState.GOOD : VerifyReport.PieceState.BAD, progress);

        List<VerifyReport.FileReport> reports = new ArrayList<>(entries.size());
        for (int f = 0; f < entries.size(); f++) {
            FileEntry e = entries.get(f);
            int good = 0;
            int bad = 0;
            int missing = 0;
            if (e.length() > 0) {
                for (int i = first(e, pieceLength); i <= last(e, pieceLength); i++) {
                    switch (states[i]) {
                        case GOOD -> good++;
                        case BAD -> bad++;
                        case MISSING -> missing++;
                    }
                }
            }
            reports.add(new VerifyReport.FileReport(e, locations.get(f), found.get(f), actual.get(f), good, bad, missing));
        }
        return new VerifyReport(states, reports);
    }

    private static BasicFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class);
        } catch (IOException e) {
            // Absent, dangling link or unreadable metadata: all mean the data is not there to check.
            return null;
        }
    }

    private static int first(FileEntry e, int pieceLength) {
        return (int) (e.offset() / pieceLength);
    }

    private static int last(FileEntry e, int pieceLength) {
        return (int) ((e.end() - 1) / pieceLength);
    }
}
