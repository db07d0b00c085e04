package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bittern.metainfo.InfoHash;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.AnnounceUdpResponse;
import dev.bittern.tracker.client.UdpTrackerMessage.ConnectRequest;
import dev.bittern.tracker.client.UdpTrackerMessage.ErrorResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class UdpTrackerCodecTest {
    @Test
    void connectRequestIsMagicActionZeroAndTransactionId() {
        byte[] bytes = UdpTrackerCodec.encode(new ConnectRequest(0x01020304));
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("0000041727101980" + "00000000" + "01020304");
    }

    @Test
    void announceRequestHasTheBep15LayoutOf98Bytes() {
        InfoHash h = InfoHash.fromHex("0123456789abcdef0123456789abcdef01234567");
        byte[] peerId = "-BT0001-000000000000".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        AnnounceRequest r = new AnnounceRequest(h, peerId, 6881, 3, 1, 2, AnnounceEvent.STARTED, -1, 0x55, true);
        ByteBuffer b = ByteBuffer.wrap(UdpTrackerCodec.encode(new AnnounceUdpRequest(42L, 7, r)));
        assertThat(b.capacity()).isEqualTo(98);
        assertThat(b.getLong(0)).isEqualTo(42L);
        assertThat(b.getInt(8)).isEqualTo(1);
        assertThat(b.getInt(12)).isEqualTo(7);
        assertThat(b.getLong(56)).as("downloaded").isEqualTo(1);
        assertThat(b.getLong(64)).as("left").isEqualTo(2);
        assertThat(b.getLong(72)).as("uploaded").isEqualTo(3);
        assertThat(b.getInt(80)).as("event started").isEqualTo(2);
        assertThat(b.getInt(84)).as("ip").isZero();
        assertThat(b.getInt(88)).as("key").isEqualTo(0x55);
        assertThat(b.getInt(92)).as("num_want").isEqualTo(-1);
        assertThat(Short.toUnsignedInt(b.getShort(96))).isEqualTo(6881);
    }

    @Test
    void announceResponsePeersAreSixOrEighteenBytesByAddressFamily() throws Exception {
        ByteBuffer b = ByteBuffer.allocate(20 + 18).putInt(1).putInt(9).putInt(1800).putInt(1).putInt(2);
        b.put(InetAddress.getByName("2001:db8::1").getAddress()).putShort((short) 6881);
        AnnounceUdpResponse v6 = (AnnounceUdpResponse) UdpTrackerCodec.decodeResponse(b.array(), 38, true);
        assertThat(v6.peers()).containsExactly(new InetSocketAddress(InetAddress.getByName("2001:db8::1"), 6881));
        assertThat(v6.interval()).isEqualTo(1800);
        assertThat(v6.leechers()).isEqualTo(1);
        assertThat(v6.seeders()).isEqualTo(2);
        byte[] twoIpv4Peers = ByteBuffer.allocate(20 + 12).putInt(1).putInt(9).putInt(1800).putInt(1).putInt(2).array();
        assertThat(((AnnounceUdpResponse) UdpTrackerCodec.decodeResponse(twoIpv4Peers, 32, false)).peers()).hasSize(2);
        assertThatThrownBy(() -> UdpTrackerCodec.decodeResponse(twoIpv4Peers, 32, true))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("multiple of 18")
                .extracting(e -> ((TrackerProtocolException) e).offset()).isEqualTo(20L);
    }

    @Test
    void errorActionCarriesTheMessage() throws Exception {
        byte[] bytes = ByteBuffer.allocate(8 + 5).putInt(3).putInt(77).put("nope!".getBytes()).array();
        assertThat(UdpTrackerCodec.decodeResponse(bytes, bytes.length, false)).isEqualTo(new ErrorResponse(77, "nope!"));
    }

    @Test
    void shortOrUnknownDatagramsNameFieldAndOffset() {
        assertThatThrownBy(() -> UdpTrackerCodec.decodeResponse(new byte[7], 7, false))
                .isInstanceOf(TrackerProtocolException.class).extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("header");
        byte[] connectShort = ByteBuffer.allocate(12).putInt(0).putInt(1).putInt(2).array();
        assertThatThrownBy(() -> UdpTrackerCodec.decodeResponse(connectShort, 12, false))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("shorter than 16");
        byte[] unknown = ByteBuffer.allocate(8).putInt(9).putInt(1).array();
        assertThatThrownBy(() -> UdpTrackerCodec.decodeResponse(unknown, 8, false))
                .isInstanceOf(TrackerProtocolException.class).extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("action");
        byte[] negative = ByteBuffer.allocate(20).putInt(1).putInt(1).putInt(-1).putInt(0).putInt(0).array();
        assertThatThrownBy(() -> UdpTrackerCodec.decodeResponse(negative, 20, false))
                .isInstanceOf(TrackerProtocolException.class).extracting(e -> ((TrackerProtocolException) e).field()).isEqualTo("interval");
        byte[] scrapeRagged = ByteBuffer.allocate(8 + 13).putInt(2).putInt(1).array();
        assertThatThrownBy(() -> UdpTrackerCodec.decodeResponse(scrapeRagged, scrapeRagged.length, false))
                .isInstanceOf(TrackerProtocolException.class).hasMessageContaining("multiple of 12");
    }

    @Test
    void onlyTheGivenLengthOfTheReceiveBufferIsRead() throws Exception {
        byte[] buffer = new byte[UdpTrackerCodec.MAX_DATAGRAM];
        ByteBuffer.wrap(buffer).putInt(1).putInt(5).putInt(60).putInt(0).putInt(0).put(new byte[] {127, 0, 0, 1, 0, 80});
        AnnounceUdpResponse r = (AnnounceUdpResponse) UdpTrackerCodec.decodeResponse(buffer, 26, false);
        assertThat(r.peers()).containsExactly(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80));
    }
}
