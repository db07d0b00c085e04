package dev.bittern.tracker.server;

import java.util.OptionalInt;

/**
 * A UDP tracker packet that cannot be served. Carries the byte offset of the fault and, when
 * the packet was long enough to have one, the transaction id to answer with an error packet.
 */
public final class UdpPacketException extends TrackerRequestException {
    private final int offset;
    private final OptionalInt transactionId;

    public UdpPacketException(String field, int offset, OptionalInt transactionId, String reason) {
        super(field, reason + " (at byte " + offset + ")");
        this.offset = offset;
        this.transactionId = transactionId;
    }

    public int offset() {
        return offset;
    }

    public OptionalInt transactionId() {
        return transactionId;
    }
}
