package dev.bittern.storage;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.bittern.metainfo.Metainfo;
import java.util.List;

class ResumeDataFuzzTest {
    private static final Metainfo TORRENT = TestTorrents.multiFile("t", 16, List.of(
            TestTorrents.TestFile.of(TestTorrents.content(40, 1), "a"),
            TestTorrents.TestFile.of(TestTorrents.content(30, 2), "b")));
    private static final List<FileState> ON_DISK = List.of(new FileState(40, 1000), FileState.ABSENT);

    /** Untrusted resume bytes either decode to valid data or fail with ResumeDataException; loading never throws. */
    @FuzzTest(maxDuration = "20s")
    void resumeLoaderFailsOnlyWithResumeDataException(byte[] data) {
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
