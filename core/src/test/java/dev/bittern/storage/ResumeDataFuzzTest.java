package dev.bittern.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.BValue;
import dev.bittern.bencode.Bencode;
import dev.bittern.bencode.BencodeException;
import dev.bittern.metainfo.Metainfo;
import java.util.List;

class ResumeDataFuzzTest {
    private static final Metainfo TORRENT = TestTorrents.multiFile("t", 16, List.of(
            TestTorrents.TestFile.of(TestTorrents.content(40, 1), "a"),
            TestTorrents.TestFile.of(TestTorrents.content(30, 2), "b")));
    private static final List<FileState> ON_DISK = List.of(new FileState(40, 1000), FileState.ABSENT);

    /**
     * Untrusted resume bytes either decode to valid data or fail with ResumeDataException; loading never
     * throws. A bencoded dictionary is also tried with a correct checksum added, so the fuzzer reaches the
     * field checks behind the checksum.
     */
    @FuzzTest(maxDuration = "20s")
    void resumeLoaderFailsOnlyWithResumeDataException(byte[] data) {
        check(data);
        BValue v;
        try {
            v = Bencode.decode(data);
        } catch (BencodeException notBencode) {
            return;
        }
        if (v instanceof BDictionary d) {
            BDictionary.Builder body = BDictionary.builder();
            d.entries().forEach((k, val) -> {
                if (!k.equals(BString.of("checksum"))) {
                    body.put(k, val);
                }
            });
            BDictionary b = body.build();
            byte[] sum = TestTorrents.sha1(Bencode.encode(b));
            check(Bencode.encode(BDictionary.builder().putAll(b.entries()).put("checksum", sum).build()));
        }
    }

    private static void check(byte[] data) {
        try {
            ResumeData decoded = ResumeData.decode(data);
            if (decoded.verified().length() > decoded.pieceCount()) {
                throw new AssertionError("decoded a verified piece beyond the piece count");
            }
            ResumeData again = ResumeData.decode(decoded.encode());
            if (!again.equals(decoded)) {
                throw new AssertionError("accepted resume data does not round-trip");
            }
        } catch (ResumeDataException expected) {
            // rejected with the offending field: fine
        }
        ResumeLoad load = ResumeFile.parse(data, TORRENT.infoHash(), TORRENT.info(), ON_DISK);
        if (load.verified().length() > TORRENT.info().pieceCount()) {
            throw new AssertionError("load trusts a piece the torrent does not have");
        }
    }
}
