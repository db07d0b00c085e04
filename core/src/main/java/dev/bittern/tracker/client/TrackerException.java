package dev.bittern.tracker.client;

import java.io.IOException;

/**
 * A tracker did not give a usable answer. An {@link IOException} because, to the caller, a
 * tracker that refuses or garbles its answer is one more way a remote exchange fails: the
 * announce scheduler treats all of them as "this tracker failed, try the next one".
 */
public abstract sealed class TrackerException extends IOException
        permits TrackerFailureException, TrackerProtocolException, TrackerTimeoutException, UnsupportedTrackerException {
    TrackerException(String message) {
        super(message);
    }

    TrackerException(String message, Throwable cause) {
        super(message, cause);
    }
}
