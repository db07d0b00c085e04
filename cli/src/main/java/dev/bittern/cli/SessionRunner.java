package dev.bittern.cli;

import dev.bittern.session.Client;
import dev.bittern.session.SessionStatus;
import dev.bittern.session.TorrentSession;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs one torrent until a stop condition holds, printing status: a live one-line display when
 * stderr is a terminal, a plain line every {@link #LOG_EVERY} otherwise. Ctrl-C stops cleanly
 * (resume data is saved by the session on close).
 */
final class SessionRunner {
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private SessionRunner() {
    }

    /** Waits until {@code done} holds for the session (checked every second); returns 0, or 1 if it stopped on an error. */
    static int run(Client client, TorrentSession session, PrintWriter err, Predicate<TorrentSession> done)
            throws InterruptedException, IOException {
        boolean terminal = System.console() != null;
        Thread hook = new Thread(() -> {
            try {
                client.close();
            } catch (IOException e) {
                System.err.println("bittern: error while stopping: " + e.getMessage());
            }
        }, "bittern-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        long lastLog = 0;
        try {
            while (true) {
                if (session.stopped().isDone()) {
                    err.println();
                    return failed(session) ? 1 : 0;
                }
                if (session.completed().isCompletedExceptionally()) {
                    try {
                        session.completed().get();
                    } catch (ExecutionException e) {
                        throw new UserError("torrent stopped: " + e.getCause().getMessage());
                    }
                }
                SessionStatus s = session.status();
                long now = System.nanoTime();
                if (terminal) {
                    err.print("\r" + line(s) + "   ");
                    err.flush();
                } else if (now - lastLog >= LOG_EVERY.toNanos()) {
                    err.println(line(s));
                    err.flush();
                    lastLog = now;
                }
                if (done.test(session)) {
                    if (terminal) {
                        err.println();
                    }
                    err.println(line(session.status()));
                    err.flush();
                    return 0;
                }
                try {
                    // A one-second sleep that completion, a stopped torrent or Ctrl-C (interrupt) ends early.
                    (session.completed().isDone() ? session.stopped()
                            : CompletableFuture.anyOf(session.completed(), session.stopped())).get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | ExecutionException e) {
                    // poll again
                }
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
                client.close();
            } catch (IllegalStateException e) {
                // the JVM is already shutting down; the hook closes the client
            }
        }
    }

    private static boolean failed(TorrentSession s) {
        return s.completed().isCompletedExceptionally() && !s.status().complete();
    }

    static String line(SessionStatus s) {
        long eta = s.etaSeconds();
        return String.format(Locale.ROOT, "%5.1f%%  down %s/s  up %s/s  peers %d seeds %d leechers  %s",
                s.percent(), Sizes.human((long) s.downloadRate()), Sizes.human((long) s.uploadRate()), s.seeds(), s.leechers(),
                s.complete() ? "seeding" : "ETA " + (eta < 0 ? "--" : eta / 3600 + ":" + String.format(Locale.ROOT, "%02d:%02d", eta / 60 % 60, eta % 60)));
    }

    static void addPeers(TorrentSession session, Iterable<InetSocketAddress> peers) {
        for (InetSocketAddress a : peers) {
            session.addPeer(a);
        }
    }
}
