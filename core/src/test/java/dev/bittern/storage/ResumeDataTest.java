package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.metainfo.InfoHash;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class ResumeDataTest {
    @Property
    void encodedResumeDataDecodesToTheSameValue(
            @ForAll @Size(20) byte[] hash,
            @ForAll @IntRange(min = 0, max = 5000) int pieceCount,
            @ForAll @Size(max = 50) List<@IntRange(min = 0, max = 4999) Integer> verifiedPieces,
            @ForAll @Size(max = 8) List<@LongRange(min = -1, max = Long.MAX_VALUE) Long> sizes,
            @ForAll long mtime) throws ResumeDataException {
        BitSet verified = new BitSet();
        verifiedPieces.stream().filter(p -> p < pieceCount).forEach(verified::set);
        List<FileState> files = sizes.stream().map(s -> new FileState(s, s < 0 ? 0 : mtime)).toList();
        ResumeData data = new ResumeData(InfoHash.of(hash), pieceCount, verified, files);
        assertThat(ResumeData.decode(data.encode())).isEqualTo(data);
    }

    @Property
    void anySingleBitFlipIsDetected(@ForAll @IntRange(min = 0, max = 10_000) int position) {
        BitSet verified = new BitSet();
        verified.set(3);
        byte[] bytes = new ResumeData(InfoHash.of(new byte[20]), 20, verified, List.of(new FileState(100, 7))).encode();
        int bit = position % (bytes.length * 8);
        bytes[bit / 8] ^= (byte) (1 << (bit % 8));
        assertThatThrownBy(() -> ResumeData.decode(bytes)).isInstanceOf(ResumeDataException.class);
    }
}
