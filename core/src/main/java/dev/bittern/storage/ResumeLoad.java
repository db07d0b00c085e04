package dev.bittern.storage;

import java.util.BitSet;
import java.util.List;

/** What loading resume data yielded: pieces that may be marked done, and pieces to hash again. */
public sealed interface ResumeLoad {
    /** Pieces that may be marked verified without hashing. */
    BitSet verified();

    /** Pieces to pass to {@link PieceStore#checkExisting}. */
    BitSet toRecheck();

    /**
     * The resume data matched the torrent. {@code recheck} holds the pieces of files that changed
     * since it was saved (size or mtime differ, or missing), which are not trusted.
     */
    record Trusted(BitSet verified, BitSet toRecheck, List<String> changedFiles) implements ResumeLoad {
        public Trusted {
            verified = (BitSet) verified.clone();
            toRecheck = (BitSet) toRecheck.clone();
            changedFiles = List.copyOf(changedFiles);
        }

        @Override
        public BitSet verified() {
            return (BitSet) verified.clone();
        }

        @Override
        public BitSet toRecheck() {
            return (BitSet) toRecheck.clone();
        }
    }

    /** No usable resume data ({@code reason} says why, e.g. missing, corrupt, other torrent): recheck everything. */
    record Ignored(String reason, int pieceCount) implements ResumeLoad {
        @Override
        public BitSet verified() {
            return new BitSet();
        }

        @Override
        public BitSet toRecheck() {
            BitSet all = new BitSet(pieceCount);
            all.set(0, pieceCount);
            return all;
        }
    }
}
