package dev.bittern.tracker.client;

/**
 * The {@code event} of an announce (BEP 3), with its BEP 15 UDP code. {@link #NONE} is a
 * regular re-announce and is omitted from HTTP queries.
 */
public enum AnnounceEvent {
    NONE(0, ""),
    COMPLETED(1, "completed"),
    STARTED(2, "started"),
    STOPPED(3, "stopped");

    private final int udpCode;
    private final String httpName;

    AnnounceEvent(int udpCode, String httpName) {
        this.udpCode = udpCode;
        this.httpName = httpName;
    }

    /** The 32-bit event code of a BEP 15 announce request. */
    public int udpCode() {
        return udpCode;
    }

    /** The value of the HTTP {@code event} parameter; empty for {@link #NONE}. */
    public String httpName() {
        return httpName;
    }

    /** The event with this BEP 15 code, or null if there is none. */
    public static AnnounceEvent ofUdpCode(int code) {
        for (AnnounceEvent e : values()) {
            if (e.udpCode == code) {
                return e;
            }
        }
        return null;
    }
}
