package dev.bittern.session;

import dev.bittern.wire.PeerId;
import dev.bittern.wire.PeerMessage;

import java.net.InetSocketAddress;

/**
 * What the {@link Swarm} logic sees of one connection: it can queue messages, hand requests to
 * the uploader, and close. The I/O behind it ({@link PeerConnection}) runs on its own threads;
 * tests drive the logic through a fake link.
 */
public interface PeerLink {
    /** Where the peer is; for outgoing connections the address we dialled (its listen port). */
    InetSocketAddress remote();

    PeerId peerId();

    boolean outgoing();

    /** Queues a message; false when the bounded outbound queue is full (the caller closes the link). */
    boolean send(PeerMessage message);

    /** Queues a validated request of a verified piece for the uploader; false when the queue is full. */
    boolean serve(PeerMessage.Request request);

    /** The peer cancelled a request (BEP 3 cancel), or we choked it: do not send that block. */
    void dropServe(PeerMessage.Request request);

    /** Drops every queued request (we choked the peer: BEP 3 says its pending requests are discarded). */
    void dropAllServes();

    /** Requests queued for upload and not yet sent. */
    int pendingServes();

    /** Block payload bytes sent to the peer so far (read from the loop to feed the upload rate). */
    long uploadedBytes();

    /** Closes the connection with a reason for the log; idempotent. */
    void close(String reason);
}
