package dev.bittern.create;

import java.util.List;

/**
 * What a torrent will describe: a name, the single-file or multi-file form, and the files in
 * torrent order (their concatenation is the piece space, BEP 3).
 */
public record Content(String name, boolean multiFile, List<ContentFile> files) {
    public Content {
        files = List.copyOf(files);
        if (!multiFile && files.size() != 1) {
            throw new IllegalArgumentException("single-file content needs exactly one file, got " + files.size());
        }
    }

    public long totalLength() {
        long total = 0;
        for (ContentFile f : files) {
            total = Math.addExact(total, f.length());
        }
        return total;
    }

    /** The files as hashing segments, in order. */
    public List<PieceHasher.Segment> segments() {
        return files.stream().map(f -> new PieceHasher.Segment(f.source(), f.length())).toList();
    }
}
