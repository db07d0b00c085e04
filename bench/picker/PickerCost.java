import dev.bittern.engine.Block;
import dev.bittern.engine.PiecePicker;
import dev.bittern.wire.Bitfield;
import dev.bittern.wire.PieceLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * CPU cost of the piece picker over a whole download, as the session loop drives it: one seed and
 * {@code leechers} peers with random halves of the pieces, requests refilled to a queue of 64 blocks
 * from the seed, 16 blocks answered between refills, every completed piece verified.
 * Usage: java -cp CORE_JAR bench/picker/PickerCost.java SIZE_MIB PIECE_KIB [LEECHERS]
 */
public class PickerCost {
    public static void main(String[] args) {
        long size = Long.parseLong(args[0]) << 20;
        int pieceLength = Integer.parseInt(args[1]) << 10;
        int leechers = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        PieceLayout layout = new PieceLayout(size, pieceLength);
        int pieces = layout.pieceCount();
        SplittableRandom random = new SplittableRandom(42);
        PiecePicker<String> picker = new PiecePicker<>(layout, random.split());
        picker.peerBitfield("seed", Bitfield.full(pieces));
        for (int l = 0; l < leechers; l++) {
            Bitfield half = new Bitfield(pieces);
            for (int i = 0; i < pieces; i++) {
                if (random.nextBoolean()) {
                    half.set(i);
                }
            }
            picker.peerBitfield("leecher" + l, half);
        }
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long pickNanos = 0;
        long picks = 0;
        ArrayDeque<Block> queue = new ArrayDeque<>();
        while (!picker.isComplete()) {
            long t = System.nanoTime();
            List<Block> blocks = picker.pick("seed", 64 - queue.size());
            pickNanos += System.nanoTime() - t;
            picks++;
            queue.addAll(blocks);
            for (int i = 0; i < 16 && !queue.isEmpty(); i++) {
                Block b = queue.poll();
                if (picker.blockReceived("seed", b).status() == PiecePicker.Status.PIECE_COMPLETE) {
                    picker.pieceVerified(b.piece());
                }
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpu0) / 1e9;
        System.out.printf("%d MiB, %d KiB pieces (%d pieces), %d leechers: %.3f CPU-s in all, %.3f s in pick() (%d calls)%n",
                size >> 20, pieceLength >> 10, pieces, leechers, cpu, pickNanos / 1e9, picks);
    }
}
