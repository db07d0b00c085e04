package dev.bittern.create;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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

    /** Turns a JDK I/O exception (whose message is often just a path) into "PATH: reason". */
    public static ContentException of(Path path, IOException e) {
        if (e instanceof ContentException ce) {
            return ce;
        }
        if (e instanceof NoSuchFileException) {
            return new ContentException(path, "no such file or directory", e);
        }
        if (e instanceof AccessDeniedException) {
            return new ContentException(path, "permission denied", e);
        }
        if (e instanceof NotDirectoryException) {
            return new ContentException(path, "not a directory", e);
        }
        return new ContentException(path, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }

    public Path path() {
        return path;
    }
}
