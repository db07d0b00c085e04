package dev.bittern.create;

import dev.bittern.metainfo.TorrentPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * Lists the files of a path the way mktorrent 1.1 does, so that the same folder gives the
 * same info-hash with both tools:
 * <ul>
 *   <li>a regular file gives a single-file torrent; a folder a multi-file torrent (even with one file);</li>
 *   <li>files are ordered by their whole relative path ("dir/sub/file") compared byte by byte in
 *       UTF-8, which is mktorrent's {@code strcmp} order. Note "a-b/x" sorts before "a/x"
 *       ('-' &lt; '/'), unlike a per-component order. libtorrent's {@code add_files} keeps the
 *       directory listing order (filesystem dependent) and its {@code canonical_files} flag sorts
 *       per component and inserts BEP 47 pad files, so libtorrent agrees only when given the same order;</li>
 *   <li>hidden files (".name") are included, as mktorrent does;</li>
 *   <li>symbolic links are followed (to files and folders), as mktorrent does; a link loop or a
 *       dangling link is an error naming the link;</li>
 *   <li>empty folders contribute nothing; 0-byte files are included; other kinds of files
 *       (sockets, pipes, devices) are skipped like mktorrent skips non-regular files.</li>
 * </ul>
 * Names that other clients could not create safely (see {@link TorrentPaths#problemWith}) or that
 * are not valid UTF-8 are refused: the torrent would be unusable elsewhere.
 */
public final class ContentScanner {
    private ContentScanner() {
    }

    /** mktorrent's order: the joined path's UTF-8 bytes, unsigned, as C's strcmp compares them. */
    public static final Comparator<List<String>> TORRENT_ORDER =
            (a, b) -> Arrays.compareUnsigned(joined(a), joined(b));

    public static Content scan(Path path) throws IOException {
        Path abs = path.toAbsolutePath().normalize();
        if (!Files.exists(abs)) {
            if (Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new ContentException(path, "dangling symbolic link");
            }
            throw new ContentException(path, "no such file or directory");
        }
        Path fileName = abs.getFileName();
        if (fileName == null) {
            throw new ContentException(path, "cannot share the filesystem root: name a file or folder");
        }
        String name = checkedName(path, fileName.toString());
        if (Files.isRegularFile(abs)) {
            return new Content(name, false, List.of(new ContentFile(List.of(name), abs, size(abs))));
        }
        if (!Files.isDirectory(abs)) {
            throw new ContentException(path, "not a regular file or folder");
        }
        List<ContentFile> files = new ArrayList<>();
        try {
            Files.walkFileTree(abs, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isSymbolicLink()) {
                        // With FOLLOW_LINKS the walker reports a link's own attributes only when its target is gone.
                        throw new ContentException(file, "dangling symbolic link");
                    }
                    if (attrs.isRegularFile()) {
                        List<String> components = new ArrayList<>();
                        for (Path part : abs.relativize(file)) {
                            components.add(checkedName(file, part.toString()));
                        }
                        files.add(new ContentFile(components, file, attrs.size()));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof FileSystemLoopException) {
                        throw new ContentException(file, "symbolic link loop", e);
                    }
                    throw ContentException.of(file, e);
                }
            });
        } catch (ContentException e) {
            throw e;
        } catch (IOException e) {
            throw ContentException.of(path, e);
        }
        if (files.isEmpty()) {
            throw new ContentException(path, "folder contains no files");
        }
        files.sort(Comparator.comparing(ContentFile::path, TORRENT_ORDER));
        Content content = new Content(name, true, files);
        if (content.totalLength() == 0) {
            throw new ContentException(path, "all files are empty (0 bytes): nothing to share");
        }
        return content;
    }

    private static long size(Path file) throws IOException {
        long size = Files.size(file);
        if (size == 0) {
            throw new ContentException(file, "file is empty (0 bytes): nothing to share");
        }
        return size;
    }

    private static String checkedName(Path where, String component) throws ContentException {
        String problem = TorrentPaths.problemWith(component);
        if (problem != null) {
            throw new ContentException(where, "unsafe name for a torrent: " + problem);
        }
        if (component.indexOf('\uFFFD') >= 0) {
            // The JDK maps undecodable file-name bytes to U+FFFD: the torrent would name a different file.
            String encoding = System.getProperty("sun.jnu.encoding", "UTF-8");
            throw new ContentException(where, "file name is not valid UTF-8" + (encoding.equalsIgnoreCase("UTF-8") ? ""
                    : " in this JVM's file-name encoding " + encoding + " (run with a UTF-8 locale, e.g. LANG=C.UTF-8)"));
        }
        return component;
    }

    private static byte[] joined(List<String> components) {
        return String.join("/", components).getBytes(StandardCharsets.UTF_8);
    }
}
