package dev.bittern.interop;

import dev.bittern.metainfo.InfoHash;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's opentracker on 127.0.0.1 with a free HTTP (TCP) port and a free UDP port.
 *
 * <p>The Debian build only accepts whitelisted info-hashes ({@code -w}, one 40-hex per line;
 * others get "Requested download is not authorized for use with this tracker."). It chroots
 * into its directory and, started as root, must drop to {@code -u nobody}, so the directory
 * and the whitelist are made world-readable. It hands out 127.0.0.1 peers as announced.
 */
public final class Opentracker implements AutoCloseable {
    private final ExternalProcess process;
    private final Path dir;
    private final int httpPort;
    private final int udpPort;

    private Opentracker(ExternalProcess process, Path dir, int httpPort, int udpPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.udpPort = udpPort;
    }

    /** Starts opentracker accepting exactly {@code whitelist}; waits (bounded) until it listens. */
    public static Opentracker start(Collection<InfoHash> whitelist) {
        String binary = InteropTools.require(InteropTools.OPENTRACKER);
        try {
            Path dir = Files.createTempDirectory("bittern-opentracker");
            // opentracker drops to 'nobody' and chroots into dir, so both must be readable by everyone.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path list = dir.resolve("whitelist");
            Files.writeString(list, whitelist.stream().map(h -> h.hex() + "\n").collect(Collectors.joining()), StandardCharsets.US_ASCII);
            Files.setPosixFilePermissions(list, PosixFilePermissions.fromString("rw-r--r--"));
            int tcp = FreePorts.tcp();
            int udp = FreePorts.udp();
            List<String> cmd = new ArrayList<>(List.of(binary, "-i", "127.0.0.1",
                    "-p", Integer.toString(tcp), "-P", Integer.toString(udp), "-d", dir.toString(),
                    // After the chroot the whitelist is read relative to dir.
                    "-w", "whitelist"));
            if ("root".equals(System.getProperty("user.name"))) {
                cmd.addAll(List.of("-u", "nobody")); // opentracker refuses to keep running as root
            }
            Path log = dir.resolveSibling(dir.getFileName() + ".log");
            Opentracker t = new Opentracker(ExternalProcess.start("opentracker", cmd, dir, log), dir, tcp, udp);
            try {
                t.awaitListening(Duration.ofSeconds(10));
            } catch (AssertionError e) {
                t.close();
                throw e;
            }
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare opentracker's directory", e);
        }
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw process.failure("exited before listening on 127.0.0.1:" + httpPort);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 200);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() - deadline > 0) {
                    throw process.failure("did not listen on 127.0.0.1:" + httpPort + " within " + timeout.toMillis() + " ms");
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while awaiting opentracker", e);
                }
            }
        }
    }

    /** {@code http://127.0.0.1:PORT/announce} */
    public String announceUrl() {
        return "http://127.0.0.1:" + httpPort + "/announce";
    }

    /** {@code udp://127.0.0.1:PORT/announce} */
    public String udpUrl() {
        return "udp://127.0.0.1:" + udpPort + "/announce";
    }

    public int httpPort() {
        return httpPort;
    }

    public int udpPort() {
        return udpPort;
    }

    @Override
    public void close() {
        process.close();
        try {
            Files.deleteIfExists(process.log());
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove opentracker's directory " + dir, e);
        }
    }
}
