package dev.bittern.tracker.server;

import dev.bittern.time.Clock;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Gives the HTTP and UDP front ends shared access to one {@link TrackerState}: a single lock
 * makes the state's owner whoever holds it (no I/O ever happens under it), and a background
 * thread runs expiry when the state asks to be woken.
 */
public final class TrackerService implements AutoCloseable {
    private final TrackerState state;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition closing = lock.newCondition();
    private final Thread expiry;
    private boolean closed;

    public TrackerService(TrackerState state, Clock clock) {
        this.state = state;
        this.clock = clock;
        this.expiry = Thread.ofVirtual().name("tracker-expiry").start(this::expireLoop);
    }

    public AnnounceResult announce(AnnounceRequest request, PeerAddress source, boolean bothFamilies) {
        return locked(() -> state.announce(request, source, bothFamilies));
    }

    public List<ScrapeEntry> scrape(List<InfoHash> infoHashes) {
        return locked(() -> state.scrape(infoHashes));
    }

    public ScrapeEntry figures(InfoHash infoHash) {
        return locked(() -> state.figures(infoHash));
    }

    public TrackerStats stats() {
        return locked(state::stats);
    }

    public TrackerLimits limits() {
        return state.limits();
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void expireLoop() {
        lock.lock();
        try {
            while (!closed) {
                long wait = state.nextExpiryNanos() - clock.nanoTime();
                if (wait <= 0) {
                    state.expire();
                } else if (closing.await(wait, TimeUnit.NANOSECONDS)) {
                    continue;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            closing.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            expiry.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
