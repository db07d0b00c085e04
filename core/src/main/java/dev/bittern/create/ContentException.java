package dev.bittern.create;

import java.io.IOException;
import java.nio.file.Path;

/** Content on disk that cannot be made into (or checked against) a torrent; names the path and why. */
public final class ContentException extends IOException {
    private final transient Path path;

    public ContentException(Path path, String reason) {
        super(path + ": " + reason);
        this.path = path;
    }

    public ContentException(Path path, String reason, Throwable cause) {
        super(path + ": " + reason, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
