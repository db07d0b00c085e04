package dev.bittern.session;

import dev.bittern.storage.PieceResult;
import dev.bittern.tracker.client.TrackerPeer;
import dev.bittern.wire.Handshake;
import dev.bittern.wire.PeerMessage;

import java.net.InetSocketAddress;
import java.util.List;

/** What a {@link TorrentSession}'s event loop reacts to; posted by the I/O threads and the hash pool. */
sealed interface SessionEvent {
    /** Both handshakes were exchanged; the link's reader starts after the loop accepted it. */
    record PeerReady(PeerConnection connection, Handshake theirs) implements SessionEvent {
    }

    record Message(PeerLink link, PeerMessage message) implements SessionEvent {
    }

    /**
     * A block (the payload of a piece message) in the first {@code length} bytes of {@code data}, an
     * array of the session's block pool that goes back to the pool once the block is handled.
     */
    record Block(PeerLink link, int piece, int begin, byte[] data, int length) implements SessionEvent {
    }

    record Closed(PeerLink link, String reason) implements SessionEvent {
    }

    record ConnectFailed(InetSocketAddress address, String reason) implements SessionEvent {
    }

    record PieceChecked(PieceResult<PeerLink> result) implements SessionEvent {
    }

    /** Only wakes the loop: something was put where it looks before the queue (a hash result). */
    record Wake() implements SessionEvent {
    }

    record PeersFound(List<TrackerPeer> peers) implements SessionEvent {
    }

    record AddPeer(InetSocketAddress address) implements SessionEvent {
    }

    record Stop() implements SessionEvent {
    }
}
