package dev.bittern.cli;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Start-up work done on a second core while the main thread builds picocli's model. A JVM start
 * runs this code interpreted, once: the JCA provider list behind {@code MessageDigest} (it parses
 * the JDK's java.security file) and the SHA-1 compile the launcher asks for, the peer id's
 * {@code SecureRandom}, java.util.logging and its first timestamp (time-zone rules). On the main
 * thread of a {@code download} they took about 0.1 s before the first connection while the other
 * core was idle; picocli (reflection, one annotation proxy class per annotation type) takes about
 * as long and has to come first.
 *
 * <p>The main thread never waits for this one. When it needs a class this thread is still
 * initialising, the JVM makes it wait for that class; both take the same path in the same order
 * (digest, random, logging), so neither holds a class the other needs. The exception is java.time:
 * picocli initialises java.time classes while it registers its converters, and a log timestamp
 * needs them too; two threads initialising related classes in different orders can deadlock in
 * class initialisation, so that part waits until picocli has parsed the command line
 * ({@link #commandLineParsed}).
 */
final class Warmup {
    private final CountDownLatch parsed = new CountDownLatch(1);
    private final Thread thread;

    private Warmup() {
        thread = new Thread(this::run, "bittern-warmup");
        thread.setDaemon(true); // never holds up exit
    }

    /** Starts a warm-up thread. */
    static Warmup start() {
        Warmup w = new Warmup();
        w.thread.start();
        return w;
    }

    /** Picocli is done with its own initialisation: the java.time part may go ahead. */
    void commandLineParsed() {
        parsed.countDown();
    }

    Thread thread() {
        return thread;
    }

    private void run() {
        try {
            MessageDigest.getInstance("SHA-1").digest(new byte[4096]);
        } catch (NoSuchAlgorithmException e) {
            return; // only a warm-up: the command reports a JDK without SHA-1 where it needs SHA-1
        }
        new SecureRandom().nextInt();
        LogManager.getLogManager();
        try {
            parsed.await();
        } catch (InterruptedException e) {
            return; // nobody interrupts this daemon; there is nothing to undo
        }
        new SimpleFormatter().format(new LogRecord(Level.INFO, "warm-up"));
    }
}
