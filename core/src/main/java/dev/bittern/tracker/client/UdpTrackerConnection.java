package dev.bittern.tracker.client;

import java.time.Duration;

/**
 * The connection id a UDP tracker handed out (BEP 15). A client may reuse it for one minute
 * after receiving it, which saves the connect round trip on announces that follow quickly
 * (scrape after announce, a tier retry). Mutable; owned by the one thread that talks to that
 * tracker.
 */
public final class UdpTrackerConnection {
    /** BEP 15: "A client can use a connection ID until one minute after it has received it." */
    public static final Duration LIFETIME = Duration.ofMinutes(1);

    private boolean known;
    private long connectionId;
    private long receivedAtNanos;

    /** True when a connection id was received less than a minute before {@code nowNanos}. */
    public boolean isUsableAt(long nowNanos) {
        return known && nowNanos - receivedAtNanos < LIFETIME.toNanos();
    }

    public long connectionId() {
        if (!known) {
            throw new IllegalStateException("no connection id yet");
        }
        return connectionId;
    }

    void remember(long id, long nowNanos) {
        this.known = true;
        this.connectionId = id;
        this.receivedAtNanos = nowNanos;
    }

    /** Forgets the id, e.g. after the tracker answered with an error (it may have restarted). */
    void forget() {
        known = false;
    }
}
