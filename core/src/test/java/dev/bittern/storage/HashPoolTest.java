package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.Metainfo;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashPoolTest {
    private static final int PIECE = 32 * 1024;

    @TempDir
    Path dir;

    /** Direct I/O whose first open waits for {@code disk}: a write that is stuck on the disk. */
    static DirectWriter.Opener stalledUntil(CountDownLatch disk) {
        return path -> {
            try {
                disk.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while the test held the disk");
            }
            return DirectWriter.O_DIRECT.open(path);
        };
    }

    @Test
    void piecesAreHashedWhileAnotherPiecesWriteWaitsForTheDisk() throws Exception {
        byte[] data = TestTorrents.content(2 * PIECE, 21);
        Metainfo m = TestTorrents.singleFile("f.bin", data, PIECE);
        CountDownLatch disk = new CountDownLatch(1);
        try (HashPool pool = new HashPool(1);
             TorrentStorage s = TorrentStorage.open(m.infoHash(), m.info(), dir, FileSelection.all(), stalledUntil(disk));
             AutoCloseable releaseDisk = disk::countDown) { // closed first: a failed assertion must not leave the write stuck
            CompletableFuture<Boolean> first = pool.verifyAndWrite(s, 0, ByteBuffer.wrap(TestTorrents.slice(data, 0, PIECE)));
            byte[] corrupt = TestTorrents.slice(data, PIECE, PIECE);
            corrupt[7] ^= 1;
            // One hashing thread: this is only answered in time if that thread is not the one waiting for the disk.
            assertThat(pool.verifyAndWrite(s, 1, ByteBuffer.wrap(corrupt)).get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(first).as("its write still waits for the disk").isNotDone();

            disk.countDown();
            assertThat(first.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(s.readBlock(0, 0, PIECE)).isEqualTo(TestTorrents.slice(data, 0, PIECE));
            assertThat(s.writesDirectly()).isTrue();
        }
    }
}
