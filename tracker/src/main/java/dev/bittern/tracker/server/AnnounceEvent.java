package dev.bittern.tracker.server;

/** The {@code event} of an announce (BEP 3; BEP 15 numbers them 0..3 in this order). */
public enum AnnounceEvent {
    NONE, COMPLETED, STARTED, STOPPED
}
