package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.metainfo.Metainfo;
import dev.bittern.storage.TestTorrents.TestFile;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceStoreTest {
    private static final int BLOCK = 16 * 1024;

    @TempDir
    Path dir;

    private final HashPool pool = new HashPool(2);

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void pieceIsMarkedDoneOnlyAfterItsHashMatches() throws Exception {
        byte[] data = TestTorrents.content(3 * BLOCK + 100, 1);
        Metainfo m = TestTorrents.singleFile("f.bin", data, 2 * BLOCK);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            PieceStore<String> store = new PieceStore<>(s, pool);
            assertThat(store.writeBlock("peerA", 0, BLOCK, TestTorrents.slice(data, BLOCK, BLOCK)))
                    .isInstanceOf(BlockWrite.Stored.class);
            assertThat(store.isVerified(0)).isFalse();
            assertThatThrownBy(() -> store.readBlock(0, 0, 10)).isInstanceOf(IllegalStateException.class);

            BlockWrite<String> last = store.writeBlock("peerB", 0, 0, TestTorrents.slice(data, 0, BLOCK));
            assertThat(last).isInstanceOf(BlockWrite.PieceComplete.class);
            PieceResult<String> result = ((BlockWrite.PieceComplete<String>) last).result().get(10, TimeUnit.SECONDS);
            assertThat(result).isEqualTo(new PieceResult.PieceVerified<String>(0));
            assertThat(store.isVerified(0)).isTrue();
            assertThat(store.readBlock(0, 5, 10)).isEqualTo(TestTorrents.slice(data, 5, 10));
            // A late duplicate of a verified piece is not written again.
            assertThat(store.writeBlock("peerC", 0, 0, new byte[BLOCK])).isInstanceOf(BlockWrite.Ignored.class);
            assertThat(store.readBlock(0, 0, BLOCK)).isEqualTo(TestTorrents.slice(data, 0, BLOCK));

            // The short last piece, sent in odd overlapping pieces, completes too.
            store.writeBlock("peerA", 1, 0, TestTorrents.slice(data, 2 * BLOCK, 1000));
            store.writeBlock("peerA", 1, 500, TestTorrents.slice(data, 2 * BLOCK + 500, 600));
            BlockWrite<String> end = store.writeBlock("peerA", 1, 1100, TestTorrents.slice(data, 2 * BLOCK + 1100, BLOCK + 100 - 1100));
            assertThat(((BlockWrite.PieceComplete<String>) end).result().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(PieceResult.PieceVerified.class);
            assertThat(store.isComplete()).isTrue();
        }
    }

    @Test
    void corruptPieceIsRejectedAndCanBeRewritten() throws Exception {
        byte[] data = TestTorrents.content(2 * BLOCK, 2);
        Metainfo m = TestTorrents.singleFile("f.bin", data, 2 * BLOCK);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            PieceStore<String> store = new PieceStore<>(s, pool);
            byte[] bad = TestTorrents.slice(data, BLOCK, BLOCK);
            bad[7] ^= 1;
            store.writeBlock("honest", 0, 0, TestTorrents.slice(data, 0, BLOCK));
            BlockWrite<String> w = store.writeBlock("liar", 0, BLOCK, bad);
            PieceResult<String> r = ((BlockWrite.PieceComplete<String>) w).result().get(10, TimeUnit.SECONDS);
            assertThat(r).isInstanceOf(PieceResult.PieceFailed.class);
            assertThat(((PieceResult.PieceFailed<String>) r).contributors()).containsExactlyInAnyOrder("honest", "liar");
            assertThat(store.isVerified(0)).isFalse();

            // The piece's progress was dropped: one block is not enough to complete it again.
            assertThat(store.writeBlock("other", 0, BLOCK, TestTorrents.slice(data, BLOCK, BLOCK))).isInstanceOf(BlockWrite.Stored.class);
            BlockWrite<String> again = store.writeBlock("other", 0, 0, TestTorrents.slice(data, 0, BLOCK));
            assertThat(((BlockWrite.PieceComplete<String>) again).result().get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PieceResult.PieceVerified<String>(0));
            assertThat(Files.readAllBytes(dir.resolve("f.bin"))).isEqualTo(data);
        }
    }

    @Test
    void concurrentBlockWritesCompleteEachPieceExactlyOnce() throws Exception {
        int pieceLength = 4 * BLOCK;
        byte[] data = TestTorrents.content(8 * pieceLength, 3);
        Metainfo m = TestTorrents.multiFile("many", pieceLength, List.of(
                TestFile.of(TestTorrents.slice(data, 0, 100_000), "a"),
                TestFile.of(TestTorrents.slice(data, 100_000, data.length - 100_000), "b")));
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir);
             ExecutorService peers = Executors.newFixedThreadPool(4)) {
            PieceStore<Integer> store = new PieceStore<>(s, pool);
            List<Future<BlockWrite<Integer>>> writes = new ArrayList<>();
            for (int piece = 0; piece < 8; piece++) {
                for (int b = 0; b < 4; b++) {
                    // Every block arrives twice, from two peers, racing.
                    for (int peer = 0; peer < 2; peer++) {
                        int p = piece;
                        int begin = b * BLOCK;
                        int who = peer;
                        writes.add(peers.submit(() -> store.writeBlock(who, p, begin,
                                TestTorrents.slice(data, (long) p * pieceLength + begin, BLOCK))));
                    }
                }
            }
            Map<Integer, Integer> completions = new HashMap<>();
            List<CompletableFuture<PieceResult<Integer>>> results = new ArrayList<>();
            for (Future<BlockWrite<Integer>> f : writes) {
                if (f.get(30, TimeUnit.SECONDS) instanceof BlockWrite.PieceComplete<Integer> c) {
                    completions.merge(c.piece(), 1, Integer::sum);
                    results.add(c.result());
                }
            }
            for (CompletableFuture<PieceResult<Integer>> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS)).isInstanceOf(PieceResult.PieceVerified.class);
            }
            assertThat(completions).hasSize(8).allSatisfy((piece, n) -> assertThat(n).isEqualTo(1));
            assertThat(store.isComplete()).isTrue();
        }
    }

    @Test
    void anAssembledPieceReachesTheDiskOnlyOnceItsHashMatches() throws Exception {
        byte[] data = TestTorrents.content(4 * BLOCK, 11);
        Metainfo m = TestTorrents.singleFile("f.bin", data, 2 * BLOCK);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            PieceStore<String> store = new PieceStore<>(s, pool, new PieceBuffers(2 * BLOCK, new java.util.concurrent.Semaphore(1024)));
            byte[] bad = TestTorrents.slice(data, BLOCK, BLOCK);
            bad[100] ^= 1;
            store.writeBlock("liar", 0, BLOCK, bad);
            assertThat(store.buffers().inUse()).as("the piece is assembled in memory").isEqualTo(1);
            assertThat(Files.exists(dir.resolve("f.bin"))).as("nothing is written before the piece is complete").isFalse();
            BlockWrite<String> w = store.writeBlock("honest", 0, 0, TestTorrents.slice(data, 0, BLOCK));
            assertThat(((BlockWrite.PieceComplete<String>) w).result().get(10, TimeUnit.SECONDS)).isInstanceOf(PieceResult.PieceFailed.class);
            assertThat(Files.exists(dir.resolve("f.bin"))).as("a corrupt piece never reaches the disk").isFalse();
            assertThat(store.buffers().inUse()).isZero();

            store.writeBlock("honest", 0, BLOCK, TestTorrents.slice(data, BLOCK, BLOCK));
            w = store.writeBlock("honest", 0, 0, TestTorrents.slice(data, 0, BLOCK));
            assertThat(((BlockWrite.PieceComplete<String>) w).result().get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PieceResult.PieceVerified<String>(0));
            assertThat(store.readBlock(0, 0, 2 * BLOCK)).as("verified means on disk").isEqualTo(TestTorrents.slice(data, 0, 2 * BLOCK));
            assertThat(store.buffers().inUse()).isZero();
        }
    }

    @Test
    void piecesBeyondTheBufferBudgetGoToDiskBlockByBlockAndAreReadBackToVerify() throws Exception {
        byte[] data = TestTorrents.content(6 * BLOCK, 12);
        Metainfo m = TestTorrents.singleFile("f.bin", data, 2 * BLOCK);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            // Room for one 32 KiB piece in memory: the second and third piece in progress use the disk.
            PieceStore<String> store = new PieceStore<>(s, pool, new PieceBuffers(2 * BLOCK, new java.util.concurrent.Semaphore(32)));
            for (int piece = 0; piece < 3; piece++) {
                store.writeBlock("peer", piece, BLOCK, TestTorrents.slice(data, (long) piece * 2 * BLOCK + BLOCK, BLOCK));
            }
            assertThat(store.buffers().inUse()).isEqualTo(1);
            assertThat(Files.size(dir.resolve("f.bin"))).as("the pieces without a buffer were written through").isEqualTo(data.length);
            assertThat(TestTorrents.slice(Files.readAllBytes(dir.resolve("f.bin")), 5 * BLOCK, BLOCK))
                    .isEqualTo(TestTorrents.slice(data, 5 * BLOCK, BLOCK));
            for (int piece = 2; piece >= 0; piece--) {
                BlockWrite<String> w = store.writeBlock("peer", piece, 0, TestTorrents.slice(data, (long) piece * 2 * BLOCK, BLOCK));
                assertThat(((BlockWrite.PieceComplete<String>) w).result().get(10, TimeUnit.SECONDS))
                        .isEqualTo(new PieceResult.PieceVerified<String>(piece));
            }
            assertThat(store.isComplete()).isTrue();
            assertThat(Files.readAllBytes(dir.resolve("f.bin"))).isEqualTo(data);
            assertThat(store.buffers().held()).as("buffers are given back once the download is complete").isZero();
        }
    }

    @Test
    void aNewPieceWaitsForTheBufferOfAPieceBeingWrittenInsteadOfGoingToDisk() throws Exception {
        byte[] data = TestTorrents.content(4 * BLOCK, 13);
        Metainfo m = TestTorrents.singleFile("f.bin", data, 2 * BLOCK);
        Path file = dir.resolve("f.bin");
        CountDownLatch disk = new CountDownLatch(1);
        ExecutorService session = Executors.newSingleThreadExecutor();
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), HashPoolTest.stalledUntil(disk));
             AutoCloseable releaseDisk = disk::countDown) { // closed first: a failed assertion must not leave the write stuck
            // Room for one piece in memory; a wait long enough that only the buffer coming back ends it.
            PieceStore<String> store = new PieceStore<>(s, pool, new PieceBuffers(2 * BLOCK, new Semaphore(32)), Duration.ofSeconds(30));
            store.writeBlock("peer", 0, 0, TestTorrents.slice(data, 0, BLOCK));
            BlockWrite<String> done = store.writeBlock("peer", 0, BLOCK, TestTorrents.slice(data, BLOCK, BLOCK));
            Future<BlockWrite<String>> next = session.submit(() -> store.writeBlock("peer", 1, 0, TestTorrents.slice(data, 2 * BLOCK, BLOCK)));
            awaitWaiting(store.buffers());
            assertThat(next).as("piece 0 holds the only buffer while its write waits for the disk").isNotDone();

            disk.countDown();
            assertThat(next.get(10, TimeUnit.SECONDS)).isInstanceOf(BlockWrite.Stored.class);
            assertThat(((BlockWrite.PieceComplete<String>) done).result().get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PieceResult.PieceVerified<String>(0));
            assertThat(store.buffers().inUse()).as("piece 1 took piece 0's buffer").isEqualTo(1);
            assertThat(s.readBlock(1, 0, BLOCK)).as("piece 1 is assembled in memory, nothing of it written through")
                    .isEqualTo(new byte[BLOCK]);
            BlockWrite<String> w = store.writeBlock("peer", 1, BLOCK, TestTorrents.slice(data, 3 * BLOCK, BLOCK));
            assertThat(((BlockWrite.PieceComplete<String>) w).result().get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PieceResult.PieceVerified<String>(1));
            assertThat(Files.readAllBytes(file)).isEqualTo(data);
        } finally {
            session.shutdownNow();
        }
    }

    @Test
    void aNewPieceGoesToDiskWhenTheBufferItWaitsForDoesNotComeBackInTime() throws Exception {
        byte[] data = TestTorrents.content(4 * BLOCK, 14);
        Metainfo m = TestTorrents.singleFile("f.bin", data, 2 * BLOCK);
        Path file = dir.resolve("f.bin");
        CountDownLatch disk = new CountDownLatch(1);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), HashPoolTest.stalledUntil(disk));
             AutoCloseable releaseDisk = disk::countDown) {
            PieceStore<String> store = new PieceStore<>(s, pool, new PieceBuffers(2 * BLOCK, new Semaphore(32)), Duration.ofMillis(50));
            store.writeBlock("peer", 0, 0, TestTorrents.slice(data, 0, BLOCK));
            BlockWrite<String> done = store.writeBlock("peer", 0, BLOCK, TestTorrents.slice(data, BLOCK, BLOCK));
            long start = System.nanoTime();
            assertThat(store.writeBlock("peer", 1, 0, TestTorrents.slice(data, 2 * BLOCK, BLOCK))).isInstanceOf(BlockWrite.Stored.class);
            assertThat(System.nanoTime() - start).as("it waited first").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(s.readBlock(1, 0, BLOCK)).as("then wrote the block through").isEqualTo(TestTorrents.slice(data, 2 * BLOCK, BLOCK));
            assertThat(store.buffers().inUse()).isEqualTo(1);

            disk.countDown();
            assertThat(((BlockWrite.PieceComplete<String>) done).result().get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PieceResult.PieceVerified<String>(0));
            BlockWrite<String> w = store.writeBlock("peer", 1, BLOCK, TestTorrents.slice(data, 3 * BLOCK, BLOCK));
            assertThat(((BlockWrite.PieceComplete<String>) w).result().get(10, TimeUnit.SECONDS))
                    .isEqualTo(new PieceResult.PieceVerified<String>(1));
            assertThat(Files.readAllBytes(file)).isEqualTo(data);
        }
    }

    private static void awaitWaiting(PieceBuffers buffers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!buffers.waiting() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(buffers.waiting()).as("a piece waits for a buffer").isTrue();
    }

    @Test
    void checkExistingFindsAllPiecesOfACompleteSeedFolder() throws IOException {
        byte[] a = TestTorrents.content(50_000, 4);
        byte[] b = TestTorrents.content(70_001, 5);
        Metainfo m = TestTorrents.multiFile("seed", BLOCK, List.of(
                TestFile.of(a, "a.bin"), TestFile.of(new byte[0], "empty.txt"), TestFile.of(b, "d", "b.bin")));
        Files.createDirectories(dir.resolve("seed/d"));
        Files.write(dir.resolve("seed/a.bin"), a);
        Files.write(dir.resolve("seed/d/b.bin"), b);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            PieceStore<String> store = new PieceStore<>(s, pool);
            List<Integer> progress = java.util.Collections.synchronizedList(new ArrayList<>());
            BitSet found = store.checkExisting(store.allPieces(), (checked, total) -> progress.add(checked));
            assertThat(found.cardinality()).isEqualTo(m.info().pieceCount());
            assertThat(store.isComplete()).isTrue();
            assertThat(progress).hasSize(m.info().pieceCount()).contains(m.info().pieceCount());
            assertThat(Files.exists(dir.resolve("seed/empty.txt"))).isTrue();
        }
    }

    @Test
    void checkExistingReportsMissingFiles() throws IOException {
        byte[] a = TestTorrents.content(3 * BLOCK, 6);
        byte[] b = TestTorrents.content(3 * BLOCK, 7);
        byte[] c = TestTorrents.content(3 * BLOCK, 8);
        Metainfo m = TestTorrents.multiFile("partial", BLOCK, List.of(
                TestFile.of(a, "a"), TestFile.of(b, "b"), TestFile.of(c, "c")));
        Files.createDirectories(dir.resolve("partial"));
        Files.write(dir.resolve("partial/a"), a);
        // b is missing; c is cut short after one and a half pieces, and its first piece is corrupt.
        byte[] shortC = TestTorrents.slice(c, 0, BLOCK + BLOCK / 2);
        shortC[0] ^= 1;
        Files.write(dir.resolve("partial/c"), shortC);
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            PieceStore<String> store = new PieceStore<>(s, pool);
            int[] last = new int[2];
            BitSet found = store.checkExisting(store.allPieces(), (checked, total) -> {
                synchronized (last) {
                    last[0] = Math.max(last[0], checked);
                    last[1] = total;
                }
            });
            BitSet expected = new BitSet();
            expected.set(0, 3);
            assertThat(found).isEqualTo(expected);
            assertThat(store.verifiedPieces()).isEqualTo(expected);
            assertThat(last).containsExactly(9, 9);
            assertThat(Files.exists(dir.resolve("partial/b"))).as("checking never creates files").isFalse();
            assertThat(s.piecePresent(3)).isFalse();
            assertThat(s.piecePresent(6)).isTrue();
            assertThat(s.piecePresent(7)).isFalse();
        }
    }

    @Test
    void memoryStaysBoundedForLargeSparseTorrent() throws Exception {
        long length = 4L << 30;
        int pieceLength = 1 << 20;
        int count = (int) (length / pieceLength);
        int[] touched = {0, count / 2, count - 1};
        Metainfo m = TestTorrents.singleFileWithHashes("big.iso", length, pieceLength,
                i -> Arrays.stream(touched).anyMatch(t -> t == i) ? TestTorrents.sha1(pieceContent(i, pieceLength)) : new byte[20]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertThat(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled())
                .as("this JVM must measure per-thread allocation for this test").isTrue();
        long[] ids = threads.getAllThreadIds();
        long before = Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(n -> n > 0).sum();
        try (TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir)) {
            PieceStore<String> store = new PieceStore<>(s, pool);
            for (int piece : touched) {
                byte[] content = pieceContent(piece, pieceLength);
                BlockWrite<String> w = null;
                for (int begin = 0; begin < pieceLength; begin += BLOCK) {
                    w = store.writeBlock("peer", piece, begin, java.nio.ByteBuffer.wrap(content, begin, BLOCK));
                }
                assertThat(((BlockWrite.PieceComplete<String>) w).result().get(30, TimeUnit.SECONDS))
                        .isInstanceOf(PieceResult.PieceVerified.class);
            }
            assertThat(store.verifiedCount()).isEqualTo(3);
            assertThat(Files.size(dir.resolve("big.iso"))).isEqualTo(length);
            ResumeData resume = store.resumeData(m.infoHash());
            assertThat(resume.encode().length).isLessThan(4096);
        }
        long[] after = threads.getAllThreadIds();
        long allocated = Arrays.stream(threads.getThreadAllocatedBytes(after)).filter(n -> n > 0).sum() - before;
        // Three 1 MiB pieces of test content plus hashing chunks: a few MiB. Anything that buffered whole
        // pieces per torrent piece or the file would allocate gigabytes. (Allocation is measured, not time.)
        System.out.println("memoryStaysBoundedForLargeSparseTorrent: allocated " + allocated + " bytes for a " + length + "-byte torrent");
        assertThat(allocated).isLessThan(32L << 20);
    }

    private static byte[] pieceContent(int piece, int pieceLength) {
        return TestTorrents.content(pieceLength, 1000 + piece);
    }
}
