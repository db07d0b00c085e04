package dev.bittern.create;

import dev.bittern.metainfo.FileEntry;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Outcome of {@link ContentVerifier#verify}: a state per piece, aggregated per file. */
public final class VerifyReport {
    /** GOOD: hash matches. BAD: read, hash differs. MISSING: not checked because a file it covers is missing or short. */
    public enum PieceState { GOOD, BAD, MISSING }

    /** What was found on disk for one file of the torrent. */
    public enum FileState { PRESENT, MISSING, SHORT, LONG, PADDING }

    /**
     * One torrent file: where it was looked for, what was there, and the states of the pieces
     * overlapping it (a piece crossing a file boundary counts for both files).
     */
    public record FileReport(FileEntry file, Path location, FileState state, long actualLength,
                             int good, int bad, int missing) {
        /** Complete and every overlapping piece matches. */
        public boolean ok() {
            return (state == FileState.PRESENT || state == FileState.PADDING) && bad == 0 && missing == 0;
        }
    }

    private final PieceState[] pieces;
    private final List<FileReport> files;

    VerifyReport(PieceState[] pieces, List<FileReport> files) {
        this.pieces = pieces;
        this.files = List.copyOf(files);
    }

    public int pieceCount() {
        return pieces.length;
    }

    public PieceState piece(int index) {
        return pieces[index];
    }

    public List<FileReport> files() {
        return files;
    }

    public long count(PieceState state) {
        return Arrays.stream(pieces).filter(s -> s == state).count();
    }

    /** Every piece matches and every file has exactly the torrent's length. */
    public boolean allGood() {
        return count(PieceState.GOOD) == pieces.length && files.stream().allMatch(FileReport::ok);
    }
}
