package dev.bittern.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PieceBuffersTest {
    @Test
    void acquireReturnsNullOnceTheBudgetIsUsedUp() {
        Semaphore budget = new Semaphore(3 * 64); // KiB: three 64 KiB pieces
        PieceBuffers buffers = new PieceBuffers(64 * 1024, budget);
        ByteBuffer a = buffers.acquire();
        ByteBuffer b = buffers.acquire();
        ByteBuffer c = buffers.acquire();
        assertThat(a.capacity()).isEqualTo(64 * 1024);
        assertThat(a.isDirect()).isTrue();
        assertThat(a.alignmentOffset(0, PieceBuffers.ALIGN)).as("aligned for direct I/O").isZero();
        assertThat(b).isNotNull();
        assertThat(c).isNotNull();
        assertThat(buffers.acquire()).as("the budget holds three pieces").isNull();
        assertThat(buffers.inUse()).isEqualTo(3);

        buffers.release(b);
        assertThat(buffers.acquire()).as("a released buffer is reused, not allocated again").isSameAs(b);
        assertThat(budget.availablePermits()).isZero();
    }

    @Test
    void acquireWaitsForABufferReleasedMeanwhile() throws Exception {
        PieceBuffers buffers = new PieceBuffers(1024, new Semaphore(1));
        ByteBuffer held = buffers.acquire();
        CompletableFuture<ByteBuffer> waiter = CompletableFuture.supplyAsync(() -> buffers.acquire(30, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!buffers.waiting() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(buffers.waiting()).as("the budget is used up, so acquire waits").isTrue();
        assertThat(waiter).isNotDone();
        buffers.release(held);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).as("the released buffer is handed over").isSameAs(held);
        assertThat(buffers.inUse()).isEqualTo(1);
    }

    @Test
    void acquireGivesUpAfterItsTimeout() {
        PieceBuffers buffers = new PieceBuffers(1024, new Semaphore(1));
        buffers.acquire();
        long start = System.nanoTime();
        assertThat(buffers.acquire(50, TimeUnit.MILLISECONDS)).isNull();
        assertThat(System.nanoTime() - start).as("it did wait").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(buffers.inUse()).isEqualTo(1);
    }

    @Test
    void anInterruptedWaitReturnsNullAndKeepsTheInterrupt() {
        PieceBuffers buffers = new PieceBuffers(1024, new Semaphore(1));
        buffers.acquire();
        Thread.currentThread().interrupt();
        try {
            assertThat(buffers.acquire(30, TimeUnit.SECONDS)).isNull();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aPartialKibibyteCostsAWholeOne() {
        Semaphore budget = new Semaphore(3);
        PieceBuffers buffers = new PieceBuffers(1025, budget);
        assertThat(buffers.acquire().capacity()).isEqualTo(1025);
        assertThat(buffers.acquire()).as("1025 bytes take two KiB of the budget").isNull();
    }

    @Test
    void torrentsShareOneBudget() {
        Semaphore budget = new Semaphore(2);
        PieceBuffers first = new PieceBuffers(1024, budget);
        PieceBuffers second = new PieceBuffers(1024, budget);
        ByteBuffer a = first.acquire();
        assertThat(second.acquire()).isNotNull();
        assertThat(second.acquire()).isNull();
        first.release(a);
        assertThat(second.acquire()).as("a buffer kept by the first torrent still counts").isNull();
        first.trim();
        assertThat(first.held()).isZero();
        assertThat(second.acquire()).as("trimmed buffers return their budget").isNotNull();
    }

    @Test
    void releasedBuffersAreKeptUpToKeepFreeBytesAndAtLeastKeepFree() {
        assertThat(new PieceBuffers(1 << 20, new Semaphore(0)).keepFree()).isEqualTo(16);
        assertThat(new PieceBuffers((int) PieceBuffers.KEEP_FREE_BYTES, new Semaphore(0)).keepFree())
                .isEqualTo(PieceBuffers.KEEP_FREE);
    }

    @Test
    void atMostKeepFreeReleasedBuffersAreKept() {
        int pieceLength = (int) (PieceBuffers.KEEP_FREE_BYTES / 8);
        Semaphore budget = new Semaphore(Integer.MAX_VALUE);
        PieceBuffers buffers = new PieceBuffers(pieceLength, budget);
        int keep = buffers.keepFree();
        assertThat(keep).isEqualTo(8);
        int n = keep + 3;
        int permits = pieceLength / 1024;
        ByteBuffer[] held = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            held[i] = buffers.acquire();
        }
        for (ByteBuffer b : held) {
            buffers.release(b);
        }
        assertThat(buffers.inUse()).isZero();
        assertThat(buffers.held()).isEqualTo(keep);
        assertThat(budget.availablePermits()).isEqualTo(Integer.MAX_VALUE - keep * permits);
    }

    @Test
    void aForeignBufferIsRefused() {
        PieceBuffers buffers = new PieceBuffers(1024, new Semaphore(10));
        assertThatThrownBy(() -> buffers.release(ByteBuffer.allocateDirect(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> buffers.release(ByteBuffer.allocate(1024))).as("a heap buffer cannot be written in place")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDefaultBudgetIsAnEighthOfTheHeapAndAtMost64MiB() {
        assertThat(HashPool.defaultBufferBudgetKiB(64L << 20)).isEqualTo(8 * 1024);
        assertThat(HashPool.defaultBufferBudgetKiB(16L << 30)).isEqualTo(64 * 1024);
    }
}
