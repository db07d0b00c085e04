package dev.bittern.tracker.server;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/** Shutting down several channels: every one is closed even if an earlier close fails. */
final class Channels {
    private Channels() {
    }

    /** Closes all; throws the first failure with the later ones suppressed. */
    static void closeAll(List<? extends Closeable> channels) throws IOException {
        IOException first = null;
        for (Closeable ch : channels) {
            try {
                ch.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
