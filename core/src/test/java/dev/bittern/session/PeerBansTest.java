package dev.bittern.session;

import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** What a ban covers: peer id always, the IP unless it is loopback, the dialled address of an outgoing peer. */
class PeerBansTest {
    private static final SplittableRandom RANDOM = new SplittableRandom(5);

    /** Only the identity of a connection matters here. */
    private record Link(InetSocketAddress remote, PeerId peerId, boolean outgoing) implements PeerLink {
        static Link from(String ip, int port, boolean outgoing) {
            return new Link(new InetSocketAddress(ip, port), PeerId.generate(RANDOM), outgoing);
        }

        @Override
        public boolean send(PeerMessage message) {
            return true;
        }

        @Override
        public boolean serve(PeerMessage.Request request) {
            return true;
        }

        @Override
        public void dropServe(PeerMessage.Request request) {
        }

        @Override
        public void dropAllServes() {
        }

        @Override
        public int pendingServes() {
            return 0;
        }

        @Override
        public long uploadedBytes() {
            return 0;
        }

        @Override
        public void close(String reason) {
        }
    }

    @Test
    void aBannedRemoteHostIsRefusedWithAFreshPeerIdFromAnyPortAndNotDialled() {
        PeerBans bans = new PeerBans();
        bans.ban(Link.from("203.0.113.7", 51000, false));
        Link again = Link.from("203.0.113.7", 51001, false);
        assertThat(bans.refusal(again, again.peerId())).hasValueSatisfying(r -> assertThat(r).contains("203.0.113.7"));
        assertThat(bans.mayDial(new InetSocketAddress("203.0.113.7", 6881))).isFalse();
        Link other = Link.from("203.0.113.8", 51000, false);
        assertThat(bans.refusal(other, other.peerId())).as("another host").isEmpty();
        assertThat(bans.mayDial(other.remote())).isTrue();
    }

    @Test
    void onLoopbackTheBanCoversThePeerIdNotTheSharedAddress() {
        PeerBans bans = new PeerBans();
        Link liar = Link.from("127.0.0.1", 40000, false);
        bans.ban(liar);
        assertThat(bans.refusal(Link.from("127.0.0.1", 40001, false), liar.peerId())).as("same peer id again").isPresent();
        Link honest = Link.from("127.0.0.1", 40002, false);
        assertThat(bans.refusal(honest, honest.peerId())).as("another local peer").isEmpty();
        assertThat(bans.mayDial(new InetSocketAddress("127.0.0.1", 6881))).isTrue();
    }

    @Test
    void aBannedPeerWeDialledIsNotDialledAgainWhateverPeerIdItWouldAnswerWith() {
        PeerBans bans = new PeerBans();
        Link liar = Link.from("127.0.0.1", 6881, true);
        bans.ban(liar);
        assertThat(bans.mayDial(new InetSocketAddress("127.0.0.1", 6881))).isFalse();
        assertThat(bans.mayDial(new InetSocketAddress("127.0.0.1", 6882))).isTrue();
        Link redialled = new Link(liar.remote(), PeerId.generate(RANDOM), true);
        assertThat(bans.refusal(redialled, redialled.peerId())).isPresent();
        Link incomingFromThatPort = new Link(liar.remote(), PeerId.generate(RANDOM), false);
        assertThat(bans.refusal(incomingFromThatPort, incomingFromThatPort.peerId()))
                .as("an incoming connection's port is ephemeral, not the banned listen port").isEmpty();
    }
}
