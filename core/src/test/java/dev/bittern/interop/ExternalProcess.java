package dev.bittern.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One external program started for a test: stdout and stderr go to one log file, which the
 * test awaits lines in. Every wait is bounded and fails with an {@link AssertionError} naming
 * the program and quoting the tail of its log. {@link #close()} ends the process (and its
 * children): close stdin, TERM, then KILL, each bounded.
 */
public final class ExternalProcess implements AutoCloseable {
    private static final Pattern LINE_BREAK = Pattern.compile("[\r\n]+");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration STOP_GRACE = Duration.ofSeconds(3);

    private final String name;
    private final List<String> command;
    private final Path log;
    private final Process process;
    private final OutputStream stdin;

    private ExternalProcess(String name, List<String> command, Path log, Process process) {
        this.name = name;
        this.command = List.copyOf(command);
        this.log = log;
        this.process = process;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts {@code command} in {@code workDir}, logging stdout+stderr to {@code log}.
     * Stdin stays open (a pipe) until {@link #closeStdin()} or {@link #close()}: scripts such
     * as lt_peer.py treat end-of-stdin as "exit now", so they die with the test JVM too.
     */
    public static ExternalProcess start(String name, List<String> command, Path workDir, Path log) {
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            Process p = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new ExternalProcess(name, command, log, p);
        } catch (IOException e) {
            throw new AssertionError("could not start " + name + " (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** The log split into lines; carriage returns (progress redraws) count as line breaks. */
    public List<String> lines() {
        String text;
        try {
            text = Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new AssertionError("cannot read the log of " + name + " at " + log + ": " + e.getMessage(), e);
        }
        List<String> out = new ArrayList<>();
        for (String l : LINE_BREAK.split(text)) {
            if (!l.isBlank()) {
                out.add(l.strip());
            }
        }
        return out;
    }

    /** The last {@code n} non-blank lines of the log, joined by newlines. */
    public String tail(int n) {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
    }

    /**
     * Waits until a log line matches {@code regex} (searched with {@link Matcher#find()}) and
     * returns the match of the first such line. Fails when the timeout passes or the process
     * exits without printing it.
     */
    public Matcher awaitLine(String regex, Duration timeout) {
        return awaitLine(Pattern.compile(regex), timeout);
    }

    public Matcher awaitLine(Pattern regex, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive(); // read the log after seeing the exit, so no line is missed
            for (String line : lines()) {
                Matcher m = regex.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
            if (exited) {
                throw failure("exited with " + process.exitValue() + " before printing a line matching /" + regex + "/");
            }
            if (System.nanoTime() - deadline > 0) {
                throw failure("printed no line matching /" + regex + "/ within " + timeout.toMillis() + " ms");
            }
            sleep(POLL);
        }
    }

    /** Waits for the process to exit by itself and returns its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw failure("did not exit within " + timeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("interrupted while awaiting the exit");
        }
        return process.exitValue();
    }

    /** Closes the process's stdin; lt_peer.py exits on it. */
    public void closeStdin() {
        try {
            stdin.close();
        } catch (IOException alreadyGone) {
            // The process already exited and its pipe is broken: nothing left to tell it.
        }
    }

    /** An AssertionError "NAME MESSAGE", with the command and the last 30 log lines. */
    public AssertionError failure(String message) {
        return new AssertionError(name + " " + message + "\ncommand: " + String.join(" ", command)
                + "\nlog " + log + " (last 30 lines):\n" + tail(30));
    }

    /** Stops the process and its descendants: stdin EOF, TERM, KILL; bounded to a few seconds. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        closeStdin();
        try {
            if (!process.waitFor(200, TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}
