package dev.bittern.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/** Round-trip properties of the BEP 3 / BEP 10 message codec. */
class PeerMessageCodecTest {
    private static final MessageLimits LIMITS = new MessageLimits(64, MessageLimits.MAX_BLOCK_LENGTH, 1024);

    @Provide
    Arbitrary<PeerMessage> messages() {
        Arbitrary<Integer> ints = Arbitraries.integers();
        Arbitrary<byte[]> block = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        return Arbitraries.oneOf(
                Arbitraries.of(PeerMessage.KeepAlive.INSTANCE, PeerMessage.Choke.INSTANCE, PeerMessage.Unchoke.INSTANCE,
                        PeerMessage.Interested.INSTANCE, PeerMessage.NotInterested.INSTANCE),
                ints.map(PeerMessage.Have::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(PeerMessage.Bitfield::new),
                Combinators.combine(ints, ints, ints).as(PeerMessage.Request::new),
                Combinators.combine(ints, ints, block).as(PeerMessage.Piece::new),
                Combinators.combine(ints, ints, ints).as(PeerMessage.Cancel::new),
                Arbitraries.integers().between(0, 65535).map(PeerMessage.Port::new),
                Combinators.combine(Arbitraries.integers().between(0, 255), Arbitraries.bytes().array(byte[].class).ofMaxSize(1024))
                        .as(PeerMessage.Extended::new));
    }

    @Property
    void everyMessageRoundTrips(@ForAll("messages") PeerMessage m) {
        byte[] wire = MessageEncoder.encode(m);
        assertThat(wire).hasSize(MessageEncoder.encodedLength(m));
        MessageDecoder d = new MessageDecoder(LIMITS);
        ByteBuffer in = ByteBuffer.wrap(wire);
        assertThat(d.next(in)).isEqualTo(m);
        assertThat(in.hasRemaining()).isFalse();
    }

    @Property
    void arbitrarySplitsOfAStreamGiveTheSameMessages(@ForAll @Size(max = 20) List<@net.jqwik.api.From("messages") PeerMessage> messages,
                                                      @ForAll @Size(max = 30) List<@net.jqwik.api.constraints.IntRange(min = 1, max = 400) Integer> chunks) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (PeerMessage m : messages) {
            stream.writeBytes(MessageEncoder.encode(m));
        }
        byte[] all = stream.toByteArray();
        MessageDecoder d = new MessageDecoder(LIMITS);
        List<PeerMessage> out = new ArrayList<>();
        int pos = 0;
        for (int c : chunks) {
            int n = Math.min(c, all.length - pos);
            out.addAll(d.feed(ByteBuffer.wrap(all, pos, n)));
            pos += n;
        }
        out.addAll(d.feed(ByteBuffer.wrap(all, pos, all.length - pos)));
        assertThat(out).containsExactlyElementsOf(messages);
        assertThat(d.offset()).isEqualTo(all.length);
    }

    @Property
    void byteByByteFeedingGivesTheSameMessages(@ForAll @Size(max = 8) List<@net.jqwik.api.From("messages") PeerMessage> messages) {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        messages.forEach(m -> stream.writeBytes(MessageEncoder.encode(m)));
        MessageDecoder d = new MessageDecoder(LIMITS);
        List<PeerMessage> out = new ArrayList<>();
        for (byte b : stream.toByteArray()) {
            PeerMessage m = d.next(ByteBuffer.wrap(new byte[] {b}));
            if (m != null) {
                out.add(m);
            }
        }
        assertThat(out).containsExactlyElementsOf(messages);
    }
}
