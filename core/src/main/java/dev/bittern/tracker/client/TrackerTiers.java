package dev.bittern.tracker.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The multitracker order of BEP 12: each tier is shuffled once when the torrent is loaded;
 * trackers are tried tier by tier in that order, the next tier only when every tracker of the
 * tier before failed; a tracker that answers moves to the front of its tier, so it is asked
 * first next time. Mutable; one owner.
 */
public final class TrackerTiers {
    private final List<List<String>> tiers = new ArrayList<>();

    public TrackerTiers(List<List<String>> tiers, RandomGenerator random) {
        for (List<String> tier : tiers) {
            if (tier.isEmpty()) {
                continue;
            }
            List<String> copy = new ArrayList<>(tier);
            Collections.shuffle(copy, random);
            this.tiers.add(copy);
        }
    }

    /** Every tracker in the order to try them: tier 0 first, each tier in its current order. */
    public List<String> announceOrder() {
        List<String> out = new ArrayList<>();
        tiers.forEach(out::addAll);
        return out;
    }

    /** A snapshot of the tiers in their current order. */
    public List<List<String>> tiers() {
        return tiers.stream().map(List::copyOf).toList();
    }

    public boolean isEmpty() {
        return tiers.isEmpty();
    }

    /** BEP 12: "If a connection with a tracker is successful, it will be moved to the front of the tier." */
    public void onSuccess(String url) {
        for (List<String> tier : tiers) {
            int i = tier.indexOf(url);
            if (i > 0) {
                tier.add(0, tier.remove(i));
            }
            if (i >= 0) {
                return;
            }
        }
    }
}
