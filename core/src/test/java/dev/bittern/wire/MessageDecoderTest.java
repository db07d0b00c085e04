package dev.bittern.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class MessageDecoderTest {
    /** A torrent of 100 pieces: bitfield 13 bytes; largest message is a 128 KiB block. */
    private final MessageLimits limits = MessageLimits.forTorrent(100);

    private static ByteBuffer bytes(int... b) {
        byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = (byte) b[i];
        }
        return ByteBuffer.wrap(a);
    }

    @Test
    void largestLegalMessageFollowsFromTheTorrent() {
        assertThat(limits.maxBitfieldBytes()).isEqualTo(13);
        assertThat(limits.maxMessageLength()).isEqualTo(9 + 128 * 1024);
    }

    @Test
    void overLongLengthPrefixFailsBeforeThePayloadArrives() {
        MessageDecoder d = new MessageDecoder(limits);
        d.feed(bytes(0, 0, 0, 1, 0)); // a choke first, so the bad prefix is at offset 5
        assertThatThrownBy(() -> d.feed(bytes(0x7f, 0xff, 0xff, 0xff)))
                .isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("length prefix").hasMessageContaining("message length 2147483647 exceeds")
                .extracting(e -> ((WireProtocolException) e).offset()).isEqualTo(5L);
    }

    @Test
    void bitfieldLargerThanTheTorrentsFailsOnItsHeader() {
        MessageDecoder d = new MessageDecoder(limits);
        assertThatThrownBy(() -> d.feed(bytes(0, 0, 0, 15, 5))).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("bitfield of 14 bytes is larger than this torrent's 13 bytes");
    }

    @Test
    void blockLargerThan128KiBIsRejected() {
        MessageDecoder d = new MessageDecoder(new MessageLimits(1 << 20, MessageLimits.MAX_BLOCK_LENGTH, 16));
        int len = 9 + 128 * 1024 + 1;
        assertThatThrownBy(() -> d.feed(bytes(len >>> 24, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff, 7)))
                .isInstanceOf(WireProtocolException.class).hasMessageContaining("block of 131073 bytes is larger than the maximum of 131072");
    }

    @Test
    void fixedSizeMessagesMustHaveTheirExactLength() {
        assertThatThrownBy(() -> new MessageDecoder(limits).feed(bytes(0, 0, 0, 4, 4)))
                .isInstanceOf(WireProtocolException.class).hasMessageContaining("have message must have length 5, got 4");
        assertThatThrownBy(() -> new MessageDecoder(limits).feed(bytes(0, 0, 0, 2, 1)))
                .hasMessageContaining("unchoke message must have length 1, got 2");
        assertThatThrownBy(() -> new MessageDecoder(limits).feed(bytes(0, 0, 0, 8, 7)))
                .hasMessageContaining("shorter than its 9-byte header");
    }

    @Test
    void unknownMessageIdIsRejectedWithItsOffset() {
        assertThatThrownBy(() -> new MessageDecoder(limits).feed(bytes(0, 0, 0, 1, 0x0e)))
                .isInstanceOf(WireProtocolException.class).hasMessageContaining("unknown message id 14")
                .extracting(e -> ((WireProtocolException) e).offset()).isEqualTo(4L);
    }

    @Test
    void partialMessageIsHeldUntilComplete() {
        MessageDecoder d = new MessageDecoder(limits);
        assertThat(d.feed(bytes(0, 0, 0, 5, 4, 0, 0))).isEmpty();
        assertThat(d.feed(bytes(0, 42, 0, 0, 0, 0))).containsExactly(new PeerMessage.Have(42), PeerMessage.KeepAlive.INSTANCE);
    }

    @Test
    void streamIsUnusableAfterAnError() {
        MessageDecoder d = new MessageDecoder(limits);
        assertThatThrownBy(() -> d.feed(bytes(0, 0, 0, 1, 99))).isInstanceOf(WireProtocolException.class);
        assertThatThrownBy(() -> d.feed(bytes(0, 0, 0, 0))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void limitsTightenOnceTheMetadataIsKnown() {
        MessageDecoder d = new MessageDecoder(MessageLimits.withoutMetadata());
        assertThat(d.feed(bytes(0, 0, 0, 3, 5, 0xff, 0x80))).containsExactly(new PeerMessage.Bitfield(new byte[] {(byte) 0xff, (byte) 0x80}));
        d.setLimits(MessageLimits.forTorrent(8));
        assertThatThrownBy(() -> d.feed(bytes(0, 0, 0, 3, 5, 0xff, 0x80)))
                .hasMessageContaining("bitfield of 2 bytes is larger than this torrent's 1 bytes");
    }

    /** Records what a reader's block sink sees, and hands out arrays from a fixed list. */
    private static final class RecordingSink implements MessageDecoder.BlockSink {
        final java.util.List<Object> events = new java.util.ArrayList<>();
        final java.util.ArrayDeque<byte[]> arrays = new java.util.ArrayDeque<>();

        @Override
        public byte[] array(int length) {
            byte[] a = arrays.poll();
            return a != null ? a : new byte[length];
        }

        @Override
        public void block(int piece, int begin, byte[] data, int length) {
            events.add("block " + piece + "/" + begin + " " + java.util.Arrays.toString(java.util.Arrays.copyOf(data, length)));
            arrays.add(data); // reused for the next block, as the session does once it wrote the block
        }
    }

    @Test
    void blocksGoToTheSinkInStreamOrderAndIntoReusedArrays() {
        MessageDecoder d = new MessageDecoder(limits);
        RecordingSink sink = new RecordingSink();
        byte[] reused = new byte[16];
        sink.arrays.add(reused);
        d.setBlockSink(sink);
        ByteBuffer stream = ByteBuffer.allocate(64);
        MessageEncoder.encodeTo(new PeerMessage.Piece(1, 0, new byte[] {1, 2, 3}), stream);
        MessageEncoder.encodeTo(PeerMessage.Choke.INSTANCE, stream);
        MessageEncoder.encodeTo(new PeerMessage.Piece(2, 16, new byte[] {4, 5}), stream);
        MessageEncoder.encodeTo(new PeerMessage.Have(7), stream);
        stream.flip();
        // Fed one byte at a time: blocks split across reads are assembled in the sink's array.
        for (int i = 0; i < stream.limit(); i++) {
            PeerMessage m = d.next(ByteBuffer.wrap(new byte[] {stream.get(i)}));
            if (m != null) {
                sink.events.add(m);
            }
        }
        assertThat(sink.events).containsExactly("block 1/0 [1, 2, 3]", PeerMessage.Choke.INSTANCE, "block 2/16 [4, 5]",
                new PeerMessage.Have(7));
        assertThat(sink.arrays).as("both blocks were decoded into the same array").containsExactly(reused);
        assertThat(d.offset()).isEqualTo(stream.limit());
    }

    @Test
    void manyBlocksInOneBufferAreAllDeliveredBeforeTheNextMessage() {
        MessageDecoder d = new MessageDecoder(limits);
        RecordingSink sink = new RecordingSink();
        d.setBlockSink(sink);
        ByteBuffer stream = ByteBuffer.allocate(100 * 14 + 5);
        for (int i = 0; i < 100; i++) {
            MessageEncoder.encodeTo(new PeerMessage.Piece(3, i, new byte[] {(byte) i}), stream);
        }
        MessageEncoder.encodeTo(PeerMessage.Unchoke.INSTANCE, stream);
        stream.flip();
        assertThat(d.next(stream)).isEqualTo(PeerMessage.Unchoke.INSTANCE);
        assertThat(sink.events).hasSize(100).startsWith("block 3/0 [0]").endsWith("block 3/99 [99]");
        assertThat(stream.hasRemaining()).isFalse();
    }
}
