package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.bencode.BDictionary;
import dev.bittern.bencode.BList;
import dev.bittern.bencode.BString;
import dev.bittern.bencode.Bencode;
import dev.bittern.metainfo.Metainfo;
import dev.bittern.wire.PieceLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiecePrioritiesTest {
    private static final int PIECE = 16_384;

    @Test
    void pieceSharedByASkippedAndAWantedFileIsWanted() {
        PieceLayout layout = new PieceLayout(3L * PIECE, PIECE);
        assertThat(PiecePriorities.fromFiles(layout, List.of(PIECE + 1L, 2L * PIECE - 1), List.of(0, 1))).containsExactly(0, 1, 1);
        assertThat(PiecePriorities.fromFiles(layout, List.of(PIECE + 1L, 2L * PIECE - 1), List.of(1, 0))).containsExactly(1, 1, 0);
    }

    @Test
    void highestPriorityOfTheOverlappingFilesWins() {
        PieceLayout layout = new PieceLayout(2L * PIECE, PIECE);
        assertThat(PiecePriorities.fromFiles(layout, List.of(100L, 0L, 2L * PIECE - 100), List.of(7, 5, 2))).containsExactly(7, 2);
    }

    @Test
    void filesMustCoverTheTorrent() {
        PieceLayout layout = new PieceLayout(2L * PIECE, PIECE);
        assertThatThrownBy(() -> PiecePriorities.fromFiles(layout, List.of(100L), List.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("files add up to 100 bytes, torrent has 32768");
    }

    @Test
    void paddingFilesNeverMakeAPieceWanted() {
        BDictionary info = BDictionary.builder()
                .put("name", "t")
                .put("piece length", PIECE)
                .put("pieces", new byte[20 * 3])
                .put("files", BList.of(
                        file(List.of("a"), PIECE - 10, null),
                        file(List.of(".pad", "10"), 10, "p"),
                        file(List.of("b"), 2 * PIECE, null)))
                .build();
        byte[] torrent = Bencode.encode(BDictionary.builder().put("info", info).build());
        Metainfo meta = Metainfo.parse(torrent);
        assertThat(PiecePriorities.fromFiles(meta.info(), i -> i == 0 ? PiecePriorities.SKIP : PiecePriorities.NORMAL))
                .containsExactly(0, 1, 1);
    }

    private static BDictionary file(List<String> path, long length, String attr) {
        BDictionary.Builder b = BDictionary.builder().put("length", length)
                .put("path", new BList(path.stream().map(s -> (dev.bittern.bencode.BValue) BString.of(s)).toList()));
        if (attr != null) {
            b.put("attr", attr);
        }
        return b.build();
    }
}
