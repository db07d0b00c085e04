package dev.bittern.engine;

import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.wire.PieceLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Turns per-file priorities (file selection) into per-piece priorities for the
 * {@link PiecePicker}. Pieces run across file boundaries (BEP 3), so a piece gets the highest
 * priority of the files it overlaps: a piece shared by a skipped and a wanted file must still
 * be downloaded.
 */
public final class PiecePriorities {
    /** Priority of a skipped piece or file: never requested. */
    public static final int SKIP = 0;
    public static final int NORMAL = 1;
    public static final int MAX = 7;

    private PiecePriorities() {
    }

    /**
     * @param fileLengths     lengths of the files in torrent order (they are laid end to end)
     * @param filePriorities  priority per file, {@link #SKIP} to leave it out
     */
    public static int[] fromFiles(PieceLayout layout, List<Long> fileLengths, List<Integer> filePriorities) {
        if (fileLengths.size() != filePriorities.size()) {
            throw new IllegalArgumentException(fileLengths.size() + " files but " + filePriorities.size() + " priorities");
        }
        int[] out = new int[layout.pieceCount()];
        long offset = 0;
        for (int f = 0; f < fileLengths.size(); f++) {
            long length = fileLengths.get(f);
            int priority = filePriorities.get(f);
            if (priority < SKIP || priority > MAX) {
                throw new IllegalArgumentException("priority of file " + f + " outside " + SKIP + ".." + MAX + ": " + priority);
            }
            if (length > 0 && priority > SKIP) {
                int first = (int) (offset / layout.pieceLength());
                int last = (int) ((offset + length - 1) / layout.pieceLength());
                for (int p = first; p <= last; p++) {
                    out[p] = Math.max(out[p], priority);
                }
            }
            offset += length;
        }
        if (offset != layout.totalLength()) {
            throw new IllegalArgumentException("files add up to " + offset + " bytes, torrent has " + layout.totalLength());
        }
        return out;
    }

    /**
     * Per-piece priorities for a torrent, from a priority per file index (e.g.
     * {@code i -> selection.isWanted(i) ? NORMAL : SKIP}). BEP 47 padding files are zeros that are
     * never stored, so they never make a piece wanted.
     */
    public static int[] fromFiles(InfoDictionary info, IntUnaryOperator filePriority) {
        List<Long> lengths = new ArrayList<>();
        List<Integer> priorities = new ArrayList<>();
        List<FileEntry> files = info.files();
        for (int i = 0; i < files.size(); i++) {
            lengths.add(files.get(i).length());
            priorities.add(files.get(i).padding() ? SKIP : filePriority.applyAsInt(i));
        }
        return fromFiles(PieceLayout.of(info), lengths, priorities);
    }
}
