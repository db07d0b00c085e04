package dev.bittern.tracker.client;

import dev.bittern.bencode.BString;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A tracker's successful answer to an announce.
 *
 * @param interval    how long to wait before the next regular announce (BEP 3)
 * @param minInterval if given, never announce more often than this (de-facto extension)
 * @param trackerId   if given, must be sent back as {@code trackerid} on the next announce (BEP 3 note)
 * @param complete    seeders, if the tracker said
 * @param incomplete  leechers, if the tracker said
 * @param peers       IPv4 and IPv6 peers in the order the tracker listed them
 * @param warning     the tracker's {@code warning message}: shown like a failure, but the answer is valid
 */
public record AnnounceResponse(
        Duration interval,
        Optional<Duration> minInterval,
        Optional<BString> trackerId,
        OptionalLong complete,
        OptionalLong incomplete,
        List<TrackerPeer> peers,
        Optional<String> warning) {

    public AnnounceResponse {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(trackerId, "trackerId");
        Objects.requireNonNull(complete, "complete");
        Objects.requireNonNull(incomplete, "incomplete");
        Objects.requireNonNull(warning, "warning");
        peers = List.copyOf(peers);
    }
}
