package dev.bittern.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

class MessageDecoderFuzzTest {
    /** A 3-piece torrent whose last piece is short, to validate decoded messages against. */
    private static final MessageValidator VALIDATOR = new MessageValidator(new PieceLayout(2 * 32768 + 1000, 32768));

    /**
     * Feeds the input in chunks whose sizes come from the first byte. Invariants: only
     * {@link WireProtocolException} may be thrown, and re-encoding the decoded messages gives
     * back exactly the bytes the decoder consumed for them. Every decoded message also goes
     * through the {@link MessageValidator}, and extended id 0 through the
     * {@link ExtensionHandshake} parser (whose output must survive encode/parse), since those
     * see the same untrusted bytes next. When the first byte's top bit is set, blocks go to a
     * {@link MessageDecoder.BlockSink} (as a connection's reader does) in one reused, larger array,
     * and must come out in stream order all the same.
     */
    @FuzzTest(maxDuration = "20s")
    void decoderFailsOnlyWithWireProtocolException(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int chunk = (data[0] & 0x7f) + 1;
        MessageDecoder d = new MessageDecoder(new MessageLimits(16, 1024, 1024));
        ByteArrayOutputStream reencoded = new ByteArrayOutputStream();
        long[] completeAtBox = {0};
        if ((data[0] & 0x80) != 0) {
            byte[] reused = new byte[1024 + 7];
            d.setBlockSink(new MessageDecoder.BlockSink() {
                @Override
                public byte[] array(int length) {
                    return reused;
                }

                @Override
                public void block(int piece, int begin, byte[] block, int length) {
                    reencoded.writeBytes(MessageEncoder.encode(new PeerMessage.Piece(piece, begin, Arrays.copyOf(block, length))));
                    completeAtBox[0] = d.offset();
                    try {
                        VALIDATOR.piece(piece, begin, length);
                    } catch (WireProtocolException rejected) {
                        // expected for most fuzzed blocks
                    }
                }
            });
        }
        try {
            for (int pos = 1; pos < data.length; pos += chunk) {
                ByteBuffer in = ByteBuffer.wrap(data, pos, Math.min(chunk, data.length - pos));
                PeerMessage m;
                while ((m = d.next(in)) != null) {
                    reencoded.writeBytes(MessageEncoder.encode(m));
                    completeAtBox[0] = d.offset();
                    checkDownstream(m);
                }
                if (in.hasRemaining()) {
                    throw new AssertionError("decoder returned null with " + in.remaining() + " bytes left");
                }
            }
        } catch (WireProtocolException expected) {
            // rejected with a field and offset: fine
        }
        long completeAt = completeAtBox[0];
        byte[] consumed = Arrays.copyOfRange(data, 1, 1 + (int) completeAt);
        if (!Arrays.equals(reencoded.toByteArray(), consumed)) {
            throw new AssertionError("decoded messages do not re-encode to the bytes they came from");
        }
    }

    private static void checkDownstream(PeerMessage m) {
        try {
            switch (m) {
                case PeerMessage.Bitfield b -> VALIDATOR.bitfield(b);
                case PeerMessage.Have h -> VALIDATOR.have(h);
                case PeerMessage.Request r -> VALIDATOR.request(r);
                case PeerMessage.Cancel c -> VALIDATOR.cancel(c);
                case PeerMessage.Piece p -> VALIDATOR.piece(p);
                case PeerMessage.Extended e when e.extendedId() == ExtensionHandshake.HANDSHAKE_ID -> {
                    ExtensionHandshake h = ExtensionHandshake.parse(e.payload());
                    if (!ExtensionHandshake.parse(h.encode()).equals(h)) {
                        throw new AssertionError("extension handshake does not survive encode/parse: " + h);
                    }
                }
                default -> {
                }
            }
        } catch (WireProtocolException rejected) {
            // a precise rejection is the expected outcome for most fuzzed messages
        }
    }
}
