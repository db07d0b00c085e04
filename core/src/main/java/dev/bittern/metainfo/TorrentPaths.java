package dev.bittern.metainfo;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * File paths inside a torrent are untrusted input: a hostile torrent could name
 * "../../.bashrc" or "/etc/passwd". Every component is checked before any file is touched,
 * and resolution re-checks that the result stays inside the download folder.
 */
public final class TorrentPaths {
    private TorrentPaths() {
    }

    /**
     * Checks one path component. Returns null when acceptable, else why not.
     * Rejected: empty, "." and "..", NUL, '/' and '\\' (separators on some system),
     * a Windows drive prefix like "C:", and control characters that break terminals and filesystems.
     */
    public static String problemWith(String component) {
        if (component.isEmpty()) {
            return "empty path component";
        }
        if (component.equals(".") || component.equals("..")) {
            return "path component '" + component + "' would leave the folder";
        }
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == 0) {
                return "NUL character in path component";
            }
            if (c == '/' || c == '\\') {
                return "separator '" + c + "' inside path component '" + component + "'";
            }
            if (c < 0x20 || c == 0x7f) {
                return String.format("control character U+%04X in path component", (int) c);
            }
        }
        if (component.length() >= 2 && component.charAt(1) == ':' && Character.isLetter(component.charAt(0))) {
            return "absolute path component '" + component + "' (drive prefix)";
        }
        return null;
    }

    /**
     * Resolves the torrent-relative {@code components} below {@code root}, refusing anything
     * that would end up outside it.
     *
     * @throws UnsafePathException naming the path and the reason
     */
    public static Path resolve(Path root, List<String> components) {
        if (components.isEmpty()) {
            throw new UnsafePathException("", "empty path");
        }
        for (String c : components) {
            String problem = problemWith(c);
            if (problem != null) {
                throw new UnsafePathException(String.join("/", components), problem);
            }
        }
        Path base = root.toAbsolutePath().normalize();
        Path p;
        try {
            // One getPath call, not one resolve per component: resolve copies the whole path
            // each time, which is quadratic for a hostile torrent with a million components.
            p = base.getFileSystem().getPath(base.toString(), components.toArray(String[]::new));
        } catch (InvalidPathException e) {
            // A name the platform cannot represent (e.g. non-ASCII under a POSIX locale,
            // where sun.jnu.encoding is ASCII): refuse it rather than crash the caller.
            throw new UnsafePathException(String.join("/", components), "not a valid file name here: " + e.getReason());
        }
        p = p.normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw new UnsafePathException(String.join("/", components), "resolves outside the target folder " + base);
        }
        return p;
    }

    /** Raised when a path from a torrent is unsafe to create on disk. */
    public static final class UnsafePathException extends RuntimeException {
        private final String path;

        public UnsafePathException(String path, String reason) {
            super("unsafe file path '" + path + "': " + reason);
            this.path = path;
        }

        public String path() {
            return path;
        }
    }
}
