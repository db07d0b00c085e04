package dev.bittern.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageValidatorTest {
    /** 3 pieces of 32 KiB, the last one 1000 bytes. */
    private final PieceLayout layout = new PieceLayout(2 * 32768 + 1000, 32768);
    private final MessageValidator v = new MessageValidator(layout);

    @Test
    void haveForANonExistentPieceIsRejected() {
        assertThat(v.have(new PeerMessage.Have(2))).isEqualTo(2);
        assertThatThrownBy(() -> v.have(new PeerMessage.Have(3))).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("have.piece").hasMessageContaining("piece 3 does not exist (torrent has 3 pieces)");
        assertThatThrownBy(() -> v.have(new PeerMessage.Have(-1))).hasMessageContaining("piece 4294967295 does not exist");
    }

    @Test
    void requestInsideAPieceIsAccepted() {
        v.request(new PeerMessage.Request(0, 16384, 16384));
        v.request(new PeerMessage.Request(2, 0, 1000));
    }

    @Test
    void requestRunningPastTheShortLastPieceIsRejected() {
        assertThatThrownBy(() -> v.request(new PeerMessage.Request(2, 0, 1001))).isInstanceOf(WireProtocolException.class)
                .extracting(e -> ((WireProtocolException) e).field()).isEqualTo("request.begin");
    }

    @Test
    void requestLargerThanTheMaxBlockIsRejected() {
        MessageValidator strict = new MessageValidator(new PieceLayout(1 << 20, 1 << 18), PieceLayout.BLOCK_LENGTH);
        assertThatThrownBy(() -> strict.request(new PeerMessage.Request(0, 0, 16385))).isInstanceOf(WireProtocolException.class)
                .hasMessageContaining("request.length").hasMessageContaining("block length 16385 outside 1..16384");
        assertThatThrownBy(() -> strict.cancel(new PeerMessage.Cancel(0, 0, 0))).hasMessageContaining("cancel.length");
    }

    @Test
    void bitfieldIsCheckedAgainstThePieceCount() {
        assertThat(v.bitfield(new PeerMessage.Bitfield(new byte[] {(byte) 0xe0})).cardinality()).isEqualTo(3);
        assertThatThrownBy(() -> v.bitfield(new PeerMessage.Bitfield(new byte[] {(byte) 0xf0})))
                .hasMessageContaining("spare bits after piece 2 are set");
        assertThatThrownBy(() -> v.bitfield(new PeerMessage.Bitfield(new byte[2]))).hasMessageContaining("expected 1");
    }

    @Test
    void blockOutsideItsPieceIsRejected() {
        assertThatThrownBy(() -> v.piece(new PeerMessage.Piece(1, 32000, new byte[1000]))).isInstanceOf(WireProtocolException.class)
                .extracting(e -> ((WireProtocolException) e).field()).isEqualTo("piece.begin");
    }
}
