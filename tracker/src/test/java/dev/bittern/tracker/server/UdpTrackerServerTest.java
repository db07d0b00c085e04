package dev.bittern.tracker.server;

import dev.bittern.time.Clock;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class UdpTrackerServerTest {
    @Test
    void answersConnectAndAnnounceOverLoopbackAndSurvivesGarbage() throws IOException {
        try (TrackerServer server = TrackerServer.start(new TrackerConfig(InetAddress.getLoopbackAddress(), -1, 0,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system());
             DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            socket.setSoTimeout(5000);
            InetSocketAddress tracker = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.udpPort());
            socket.send(new DatagramPacket(new byte[3], 3, tracker));
            ByteBuffer garbageError = exchange(socket, tracker, new byte[2000]);
            assertThat(garbageError.getInt(0)).isEqualTo(UdpTrackerCodec.ACTION_ERROR);
            long cid = exchange(socket, tracker, UdpTrackerProtocolTest.connect(1)).getLong(8);
            ByteBuffer r = exchange(socket, tracker, UdpTrackerProtocolTest.announce(cid, 2, Peers.TORRENT, 1, 5, 2, -1, 6881));
            assertThat(r.getInt(0)).isEqualTo(UdpTrackerCodec.ACTION_ANNOUNCE);
            assertThat(r.getInt(12)).as("leechers").isEqualTo(1);
            assertThat(server.stats().announces()).isEqualTo(1);
        }
    }

    @Test
    void wildcardBindAnswersIpv4AndIpv6Clients() throws IOException {
        // A specific IPv4 address gets an IPv4-only socket (the test above); the wildcard must stay dual-stack.
        try (TrackerServer server = TrackerServer.start(new TrackerConfig(InetAddress.getByName("0.0.0.0"), -1, 0,
                Optional.empty(), Optional.empty(), TrackerLimits.DEFAULT, false), Clock.system())) {
            for (String client : new String[] {"127.0.0.1", "::1"}) {
                InetAddress address = InetAddress.getByName(client);
                try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(address, 0))) {
                    socket.setSoTimeout(5000);
                    ByteBuffer r = exchange(socket, new InetSocketAddress(address, server.udpPort()),
                            UdpTrackerProtocolTest.connect(7));
                    assertThat(r.getInt(0)).as("action answered to %s", client).isEqualTo(UdpTrackerCodec.ACTION_CONNECT);
                    assertThat(r.getInt(4)).as("transaction id").isEqualTo(7);
                }
            }
        }
    }

    private static ByteBuffer exchange(DatagramSocket socket, InetSocketAddress to, byte[] request) throws IOException {
        socket.send(new DatagramPacket(request, request.length, to));
        byte[] buf = new byte[2048];
        DatagramPacket in = new DatagramPacket(buf, buf.length);
        socket.receive(in);
        return ByteBuffer.wrap(buf, 0, in.getLength()).slice();
    }
}
