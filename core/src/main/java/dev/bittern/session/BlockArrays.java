package dev.bittern.session;

import dev.bittern.wire.PieceLayout;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * Arrays for received blocks, reused: a connection's reader decodes a block into one, the session
 * loop gives it back once the block is written. Only a cache: when it is empty a new array is made
 * (so a reader never waits here), and at most {@code capacity} arrays are kept. What is in flight is
 * bounded by the session's event queue, as before.
 *
 * <p>One per {@link Client}, shared by every torrent (see {@link Client#KEPT_BLOCK_ARRAYS}).
 *
 * <p>Thread-safe: readers take, the loops give back.
 */
final class BlockArrays {
    private final ArrayBlockingQueue<byte[]> free;

    BlockArrays(int capacity) {
        this.free = new ArrayBlockingQueue<>(capacity);
    }

    /** An array of at least {@code length} bytes; a standard block's size at least, so it can be reused. */
    byte[] take(int length) {
        byte[] a = free.poll();
        if (a != null && a.length >= length) {
            return a;
        }
        return new byte[Math.max(length, PieceLayout.BLOCK_LENGTH)];
    }

    /** Gives an array back; it is dropped when enough are kept. Non-standard sizes are not kept. */
    void give(byte[] array) {
        if (array.length == PieceLayout.BLOCK_LENGTH) {
            free.offer(array);
        }
    }

    int kept() {
        return free.size();
    }
}
