package dev.bittern.engine;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The block requests outstanding on one connection, oldest first, with when each was sent.
 * Tells the event loop how many more to ask the {@link PiecePicker} for (from the
 * {@link RequestPipeline} depth at the peer's rate) and which requests timed out.
 */
public final class BlockRequestQueue {
    private final RequestPipeline pipeline;
    private final Map<Block, Long> sentAt = new LinkedHashMap<>();
    private int peerRequestQueue;

    public BlockRequestQueue(RequestPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** The peer's BEP 10 {@code reqq}, once its extension handshake arrived. */
    public void setPeerRequestQueue(int reqq) {
        this.peerRequestQueue = reqq;
    }

    /** How many more requests to send now, given the rate this peer delivers to us. */
    public int room(double downloadRate) {
        return Math.max(0, pipeline.depth(downloadRate, peerRequestQueue) - sentAt.size());
    }

    public void sent(Block block, long nowNanos) {
        sentAt.putIfAbsent(block, nowNanos);
    }

    /** The block arrived or was cancelled; false if it was not outstanding. */
    public boolean remove(Block block) {
        return sentAt.remove(block) != null;
    }

    public int outstanding() {
        return sentAt.size();
    }

    public boolean contains(Block block) {
        return sentAt.containsKey(block);
    }

    /** Removes and returns requests sent more than {@code timeoutNanos} ago, to hand back to the picker. */
    public List<Block> timedOut(long nowNanos, long timeoutNanos) {
        List<Block> out = new ArrayList<>();
        Iterator<Map.Entry<Block, Long>> it = sentAt.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<Block, Long> e = it.next();
            if (nowNanos - e.getValue() < timeoutNanos) {
                break; // insertion order is send order: the rest are younger
            }
            out.add(e.getKey());
            it.remove();
        }
        return out;
    }

    /** Drops every outstanding request (we were choked, BEP 3) and returns them. */
    public List<Block> clear() {
        List<Block> out = new ArrayList<>(sentAt.keySet());
        sentAt.clear();
        return out;
    }
}
