package dev.bittern.storage;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BInteger;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.bencode.BencodeException;
import dev.bittern.bencode.BencodeLimits;
import dev.bittern.bencode.BencodeTypeException;
import dev.bittern.metainfo.FileEntry;
import dev.bittern.metainfo.InfoDictionary;
import dev.bittern.metainfo.InfoHash;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * What a restart needs to skip hashing: the verified pieces, plus the info-hash, piece count and
 * each file's size and mtime, so that data from another torrent or files changed while Bittern was
 * not running are noticed.
 *
 * <p>File format (bencoded dictionary, version 1):
 * <pre>
 * d 8:checksum 20:&lt;SHA-1 of this dictionary encoded without "checksum"&gt;
 *   5:files l l i&lt;size, -1 = absent&gt;e i&lt;mtime ms&gt;e e ... e
 *   9:info-hash 20:&lt;...&gt;  11:piece count i&lt;n&gt;e
 *   6:pieces &lt;ceil(n/8) bytes, BEP 3 bitfield order: high bit of byte 0 = piece 0, spare bits 0&gt;
 *   7:version i1e e
 * </pre>
 * The checksum catches a torn or bit-flipped file that would otherwise still decode: resume data
 * must never mark a piece done that was not verified.
 */
public final class ResumeData {
    public static final int VERSION = 1;

    private final InfoHash infoHash;
    private final int pieceCount;
    private final BitSet verified;
    private final List<FileState> files;

    public ResumeData(InfoHash infoHash, int pieceCount, BitSet verified, List<FileState> files) {
        if (pieceCount < 0) {
            throw new IllegalArgumentException("piece count must be >= 0, got " + pieceCount);
        }
        if (verified.length() > pieceCount) {
            throw new IllegalArgumentException("verified piece " + (verified.length() - 1) + " >= piece count " + pieceCount);
        }
        this.infoHash = Objects.requireNonNull(infoHash);
        this.pieceCount = pieceCount;
        this.verified = (BitSet) verified.clone();
        this.files = List.copyOf(files);
    }

    public InfoHash infoHash() {
        return infoHash;
    }

    public int pieceCount() {
        return pieceCount;
    }

    public BitSet verified() {
        return (BitSet) verified.clone();
    }

    public List<FileState> files() {
        return files;
    }

    /** Upper bound on the size of a valid resume file for a torrent of this shape. */
    static long maxEncodedSize(int pieceCount, int fileCount) {
        return 4096L + pieceCount / 8 + 64L * fileCount;
    }

    public byte[] encode() {
        BDictionary body = body();
        byte[] checksum = HashPool.newSha1().digest(Bencode.encode(body));
        return Bencode.encode(BDictionary.builder().putAll(body.entries()).put("checksum", checksum).build());
    }

    private BDictionary body() {
        List<BValue> fs = new ArrayList<>(files.size());
        for (FileState f : files) {
            fs.add(BList.of(BInteger.of(f.size()), BInteger.of(f.mtimeMillis())));
        }
        byte[] bits = new byte[(pieceCount + 7) / 8];
        for (int i = verified.nextSetBit(0); i >= 0; i = verified.nextSetBit(i + 1)) {
            bits[i >>> 3] |= (byte) (0x80 >>> (i & 7));
        }
        return BDictionary.builder()
                .put("version", VERSION)
                .put("info-hash", infoHash.bytes())
                .put("piece count", pieceCount)
                .put("pieces", bits)
                .put("files", new BList(fs))
                .build();
    }

    /**
     * Decodes untrusted resume bytes. Every failure is a {@link ResumeDataException} naming the field.
     */
    public static ResumeData decode(byte[] bytes) throws ResumeDataException {
        BDictionary d;
        try {
            d = Bencode.decodeDictionary(bytes, new BencodeLimits(4, Math.max(1, bytes.length)));
        } catch (BencodeException e) {
            throw new ResumeDataException("file", e.getMessage(), e);
        } catch (BencodeTypeException e) {
            throw new ResumeDataException("file", "not a dictionary", e);
        }
        try {
            long version = d.requireLong("version");
            if (version != VERSION) {
                throw new ResumeDataException("version", "unsupported version " + version + " (expected " + VERSION + ")");
            }
            byte[] checksum = d.require("checksum", BString.class).bytes();
            BDictionary.Builder withoutChecksum = BDictionary.builder();
            d.entries().forEach((k, v) -> {
                if (!k.equals(BString.of("checksum"))) {
                    withoutChecksum.put(k, v);
                }
            });
            byte[] actual = HashPool.newSha1().digest(Bencode.encode(withoutChecksum.build()));
            if (!MessageDigest.isEqual(checksum, actual)) {
                throw new ResumeDataException("checksum", "does not match the content (torn or corrupted file)");
            }
            byte[] hash = d.require("info-hash", BString.class).bytes();
            if (hash.length != InfoHash.LENGTH) {
                throw new ResumeDataException("info-hash", "must be 20 bytes, got " + hash.length);
            }
            long count = d.requireLong("piece count");
            if (count < 0 || count > Integer.MAX_VALUE) {
                throw new ResumeDataException("piece count", "out of range: " + count);
            }
            int pieceCount = (int) count;
            byte[] bits = d.require("pieces", BString.class).bytes();
            if (bits.length != (pieceCount + 7L) / 8) {
                throw new ResumeDataException("pieces", "has " + bits.length + " bytes, " + pieceCount + " pieces need " + (pieceCount + 7L) / 8);
            }
            BitSet verified = new BitSet(pieceCount);
            for (int i = 0; i < bits.length; i++) {
                for (int b = 0; b < 8; b++) {
                    if ((bits[i] & (0x80 >>> b)) != 0) {
                        long piece = 8L * i + b;
                        if (piece >= pieceCount) {
                            throw new ResumeDataException("pieces", "spare bit " + piece + " beyond " + pieceCount + " pieces is set");
                        }
                        verified.set((int) piece);
                    }
                }
            }
            BList fl = d.require("files", BList.class);
            List<FileState> files = new ArrayList<>(fl.size());
            for (int i = 0; i < fl.size(); i++) {
                String field = "files[" + i + "]";
                if (!(fl.get(i) instanceof BList entry) || entry.size() != 2
                        || !(entry.get(0) instanceof BInteger size) || !(entry.get(1) instanceof BInteger mtime)) {
                    throw new ResumeDataException(field, "expected a list of two integers [size, mtime]");
                }
                if (size.value() < -1) {
                    throw new ResumeDataException(field, "negative size " + size.value());
                }
                files.add(new FileState(size.value(), mtime.value()));
            }
            return new ResumeData(InfoHash.of(hash), pieceCount, verified, files);
        } catch (BencodeTypeException e) {
            throw new ResumeDataException(e.key(), e.getMessage(), e);
        }
    }

    /**
     * Decides how much of this resume data to trust for {@code info} given the files as they are now.
     * Pieces touching a file whose size or mtime changed, or that is now missing or short, are not
     * trusted but returned for rechecking; a mismatch of torrent or shape ignores everything.
     */
    public ResumeLoad validate(InfoHash expected, InfoDictionary info, List<FileState> current) {
        int n = info.pieceCount();
        if (!infoHash.equals(expected)) {
            return new ResumeLoad.Ignored("resume data is for torrent " + infoHash + ", not " + expected, n);
        }
        if (pieceCount != n) {
            return new ResumeLoad.Ignored("resume data has " + pieceCount + " pieces, the torrent " + n, n);
        }
        List<FileEntry> entries = info.files();
        if (files.size() != entries.size() || current.size() != entries.size()) {
            return new ResumeLoad.Ignored("resume data lists " + files.size() + " files, the torrent " + entries.size(), n);
        }
        BitSet trusted = verified();
        BitSet recheck = new BitSet(n);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            FileEntry f = entries.get(i);
            if (f.length() == 0 || f.padding()) {
                continue;
            }
            FileState now = current.get(i);
            boolean wasChanged = !now.equals(files.get(i));
            if (wasChanged) {
                changed.add(f.displayPath());
            }
            int first = (int) (f.offset() / info.pieceLength());
            int last = (int) ((f.end() - 1) / info.pieceLength());
            if (wasChanged) {
                trusted.clear(first, last + 1);
                recheck.set(first, last + 1);
            } else if (now.size() < f.length()) {
                // Absent or short now and at save time: its pieces can only have been in the part file
                // (an unwanted file). Hash them rather than trust that.
                for (int p = trusted.nextSetBit(first); p >= 0 && p <= last; p = trusted.nextSetBit(p + 1)) {
                    recheck.set(p);
                }
                trusted.clear(first, last + 1);
            }
        }
        return new ResumeLoad.Trusted(trusted, recheck, changed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResumeData r && infoHash.equals(r.infoHash) && pieceCount == r.pieceCount
                && verified.equals(r.verified) && files.equals(r.files);
    }

    @Override
    public int hashCode() {
        return Objects.hash(infoHash, pieceCount, verified, files);
    }

    @Override
    public String toString() {
        return "ResumeData[" + infoHash + ", " + verified.cardinality() + "/" + pieceCount + " pieces, " + files.size() + " files]";
    }
}
