package dev.bittern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BlockRequestQueueTest {
    private static final long S = 1_000_000_000L;

    @Test
    void depthFollowsTheBandwidthDelayProduct() {
        RequestPipeline p = RequestPipeline.DEFAULT;
        assertThat(p.depth(0)).isEqualTo(4);
        assertThat(p.depth(16_384)).as("16 KiB/s for 2 s").isEqualTo(4);
        assertThat(p.depth(1_000_000)).as("1 MB/s * 2 s / 16 KiB").isEqualTo(123);
        assertThat(p.depth(100_000_000)).isEqualTo(500);
        assertThat(new RequestPipeline(Duration.ofSeconds(1), 4, 250).depth(1_000_000)).isEqualTo(62);
    }

    @Test
    void fastPeerGetsADeepQueueAndSlowPeerAShallowOne() {
        BlockRequestQueue fast = new BlockRequestQueue(RequestPipeline.DEFAULT);
        BlockRequestQueue slow = new BlockRequestQueue(RequestPipeline.DEFAULT);
        assertThat(fast.room(20_000_000)).isEqualTo(500);
        assertThat(slow.room(10_000)).isEqualTo(4);
    }

    @Test
    void peerRequestQueueCapsTheDepth() {
        BlockRequestQueue q = new BlockRequestQueue(RequestPipeline.DEFAULT);
        q.setPeerRequestQueue(50);
        assertThat(q.room(20_000_000)).isEqualTo(50);
    }

    @Test
    void roomShrinksWithOutstandingRequestsAndGrowsAsBlocksArrive() {
        BlockRequestQueue q = new BlockRequestQueue(RequestPipeline.DEFAULT);
        for (int i = 0; i < 4; i++) {
            q.sent(new Block(0, i * 16_384, 16_384), 0);
        }
        assertThat(q.room(0)).isZero();
        assertThat(q.remove(new Block(0, 0, 16_384))).isTrue();
        assertThat(q.remove(new Block(0, 0, 16_384))).isFalse();
        assertThat(q.room(0)).isEqualTo(1);
    }

    @Test
    void oldRequestsTimeOutOldestFirst() {
        BlockRequestQueue q = new BlockRequestQueue(RequestPipeline.DEFAULT);
        q.sent(new Block(0, 0, 16_384), 0);
        q.sent(new Block(0, 16_384, 16_384), 30 * S);
        assertThat(q.timedOut(60 * S, 60 * S)).containsExactly(new Block(0, 0, 16_384));
        assertThat(q.outstanding()).isEqualTo(1);
        assertThat(q.clear()).containsExactly(new Block(0, 16_384, 16_384));
        assertThat(q.outstanding()).isZero();
    }
}
