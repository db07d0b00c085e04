package dev.bittern.tracker.client;

import dev.bittern.bencode.BString;
import dev.bittern.metainfo.InfoHash;
import dev.bittern.time.Clock;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A torrent's trackers: announces over its BEP 12 tiers, choosing HTTP(S) or UDP (BEP 15) by
 * each URL's scheme, remembering each tracker's {@code tracker id}, and keeping the
 * {@link AnnounceScheduler} up to date. Blocking; meant to be driven by one virtual thread
 * per torrent (one owner, not thread-safe).
 */
public final class TrackerClient implements AutoCloseable {
    private final TrackerTiers tiers;
    private final AnnounceScheduler scheduler;
    private final HttpTrackerTransport http;
    private final UdpTrackerTransport udp;
    private final Map<String, BString> trackerIds = new HashMap<>();

    public TrackerClient(TrackerTiers tiers, AnnounceScheduler scheduler, HttpTrackerTransport http, UdpTrackerTransport udp) {
        this.tiers = tiers;
        this.scheduler = scheduler;
        this.http = http;
        this.udp = udp;
    }

    /** A client with the protocol defaults: BEP 15 timeouts, 30 s HTTP deadline, the system clock. */
    public static TrackerClient create(List<List<String>> trackerTiers, RandomGenerator random) {
        Clock clock = Clock.system();
        return new TrackerClient(new TrackerTiers(trackerTiers, random), new AnnounceScheduler(clock),
                HttpTrackerTransport.create(Duration.ofSeconds(30)),
                new UdpTrackerTransport(clock, random, UdpTrackerExchange.Timeouts.BEP15));
    }

    public TrackerTiers tiers() {
        return tiers;
    }

    public AnnounceScheduler scheduler() {
        return scheduler;
    }

    /**
     * Announces to the first tracker that answers, in BEP 12 order, and reschedules.
     *
     * @throws AllTrackersFailedException when every tracker failed (each failure is suppressed in it)
     */
    public AnnounceResponse announce(AnnounceRequest request) throws IOException, InterruptedException {
        List<IOException> failures = new ArrayList<>();
        for (String url : tiers.announceOrder()) {
            try {
                AnnounceResponse response = announceTo(url, request);
                tiers.onSuccess(url);
                scheduler.onAnnounced(response);
                return response;
            } catch (IOException e) {
                failures.add(e);
            }
        }
        scheduler.onAllTrackersFailed();
        AllTrackersFailedException all = new AllTrackersFailedException(tiers.announceOrder().size(), failures);
        throw all;
    }

    /** Announces to one tracker, by its scheme; remembers the tracker id it sends. */
    public AnnounceResponse announceTo(String url, AnnounceRequest request) throws IOException, InterruptedException {
        AnnounceResponse response = switch (scheme(url)) {
            case "http", "https" -> http.announce(url, request, Optional.ofNullable(trackerIds.get(url)));
            case "udp" -> udp.announce(url, request);
            default -> throw unsupported(url);
        };
        response.trackerId().ifPresent(id -> trackerIds.put(url, id));
        return response;
    }

    /** Scrapes one tracker (BEP 48 over HTTP, BEP 15 over UDP). */
    public Map<InfoHash, ScrapeResponse> scrape(String url, List<InfoHash> infoHashes) throws IOException, InterruptedException {
        return switch (scheme(url)) {
            case "http", "https" -> http.scrape(url, infoHashes);
            case "udp" -> {
                Map<InfoHash, ScrapeResponse> out = new java.util.LinkedHashMap<>();
                udp.scrape(url, infoHashes).forEach(r -> out.put(r.infoHash(), r));
                yield out;
            }
            default -> throw unsupported(url);
        };
    }

    /** Closes the HTTP transport; UDP exchanges hold no socket between calls. */
    @Override
    public void close() {
        http.close();
    }

    private static String scheme(String url) {
        try {
            String s = URI.create(url).getScheme();
            return s == null ? "" : s.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static UnsupportedTrackerException unsupported(String url) {
        return new UnsupportedTrackerException("unsupported tracker URL (only http, https and udp): " + url);
    }

    /** Every tracker of every tier failed; the individual failures are suppressed exceptions. */
    public static final class AllTrackersFailedException extends IOException {
        AllTrackersFailedException(int trackers, List<IOException> failures) {
            super(trackers == 0 ? "the torrent lists no tracker"
                    : "all " + trackers + " trackers failed; first: " + failures.getFirst().getMessage());
            failures.forEach(this::addSuppressed);
        }
    }
}
