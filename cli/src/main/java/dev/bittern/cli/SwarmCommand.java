package dev.bittern.cli;

import dev.bittern.swarm.EngineSwarmPeers;
import dev.bittern.swarm.SwarmDisplay;
import dev.bittern.swarm.SwarmMode;
import dev.bittern.swarm.SwarmOutput;
import dev.bittern.swarm.SwarmParameters;
import dev.bittern.swarm.SwarmReport;
import dev.bittern.swarm.SwarmRunner;
import dev.bittern.swarm.SwarmTimeline;
import dev.bittern.swarm.SweepPoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code bittern swarm}: the lecture's file-distribution experiment on this machine — a tracker,
 * one seed and N leechers with their own rate limits — compared with the client-server and P2P
 * lower bounds (seed 003: D_cs >= max(NF/u_s, F/d_min), D_p2p >= max(F/u_s, F/d_min, NF/(u_s + sum u_i))).
 */
@Command(name = "swarm", mixinStandardHelpOptions = true,
        description = {"Distributes a random file from one seed to N peers on this machine (real TCP,",
                "choker and piece picker, each peer with its own rate limits) and compares the",
                "time with the lecture's lower bounds:",
                "  client-server: D >= max(N*F/u_s, F/d_min)",
                "  P2P:           D >= max(F/u_s, F/d_min, N*F/(u_s + sum u_i))",
                "Sizes take units: 64MiB, 64M, 1.5GiB (powers of 1024), 64MB (powers of 1000)",
                "or plain bytes; rates are per second: 4MiB or 4MiB/s."})
public final class SwarmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--peers", paramLabel = "N", defaultValue = "8", description = "Leechers (the seed is extra). Default: ${DEFAULT-VALUE}.")
    int peers;

    @Option(names = "--size", paramLabel = "F", defaultValue = "64MiB", description = "File size. Default: ${DEFAULT-VALUE}.")
    String size;

    @Option(names = "--seed-up", paramLabel = "U_S", defaultValue = "4MiB", description = "Seed upload rate u_s. Default: ${DEFAULT-VALUE}/s.")
    String seedUp;

    @Option(names = "--peer-up", paramLabel = "U_I", defaultValue = "1MiB", description = "Upload rate u_i of each leecher. Default: ${DEFAULT-VALUE}/s.")
    String peerUp;

    @Option(names = "--peer-down", paramLabel = "D", defaultValue = "unlimited",
            description = "Download rate of each leecher (0 or 'unlimited' for none). Default: ${DEFAULT-VALUE}.")
    String peerDown;

    @Option(names = "--free-riders", paramLabel = "K", defaultValue = "0",
            description = "How many of the N leechers never upload; reported separately. Default: ${DEFAULT-VALUE}.")
    int freeRiders;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "p2p",
            description = "p2p, or client-server (leechers never upload). Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write timeline.csv, swarm.svg (completion CDF with both bounds, per-peer rate) and report.txt;"
                    + " with --sweep, sweep.csv and sweep.svg.")
    Path out;

    @Option(names = "--sweep", paramLabel = "N", split = ",",
            description = "Run P2P and client-server for each N (e.g. 1,2,4,8,16,32) and chart time against N with both bounds.")
    List<Integer> sweep;

    @Option(names = "--timeout", paramLabel = "S",
            description = "Give up on a run after S seconds (default: twice the mode's bound plus 30 s).")
    Integer timeoutSeconds;

    /**
     * The engine logs every connection event at INFO; with N+1 peers in one process that would bury the
     * live lines, so the run shows warnings only (all of it with BITTERN_DEBUG=1). Held in a field: the
     * logging framework keeps loggers weakly, and a collected logger would lose the level.
     */
    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("dev.bittern");

    private final Function<SwarmDisplay, SwarmRunner> runners;

    /** Real peers (the engine over loopback TCP) in real time. */
    public SwarmCommand() {
        this(display -> SwarmRunner.realTime(EngineSwarmPeers.factory(), display));
    }

    /** @param runners builds the runner for a display: real peers in real time, or a model in tests */
    SwarmCommand(Function<SwarmDisplay, SwarmRunner> runners) {
        this.runners = runners;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SwarmParameters parameters = parameters();
        Duration timeout = null;
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 1) {
                throw new UserError("--timeout must be at least 1 second, got " + timeoutSeconds);
            }
            timeout = Duration.ofSeconds(timeoutSeconds);
        }
        if (!"1".equals(System.getenv("BITTERN_DEBUG"))) {
            ENGINE_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        SwarmRunner runner = runners.apply(SwarmDisplay.forStderr(err));
        if (sweep != null) {
            for (int n : sweep) {
                if (n < 1) {
                    throw new UserError("--sweep: every N must be at least 1, got " + n);
                }
                if (parameters.freeRiders() > n) {
                    throw new UserError("--sweep: N=" + n + " is smaller than --free-riders " + parameters.freeRiders());
                }
            }
            List<SweepPoint> points = runner.sweep(parameters, sweep, timeout);
            stdout.print(SwarmReport.renderSweep(points));
            if (out != null) {
                written(stdout, SwarmOutput.writeSweep(out, points));
            }
        } else {
            SwarmTimeline timeline = runner.run(parameters, timeout != null ? timeout : SwarmRunner.defaultTimeout(parameters));
            stdout.print(SwarmReport.render(timeline));
            if (out != null) {
                written(stdout, SwarmOutput.writeRun(out, timeline));
            }
            if (!timeline.allCompleted()) {
                stdout.flush();
                throw new UserError("not every peer finished within " + Math.round(timeline.elapsedSeconds()) + " s");
            }
        }
        stdout.flush();
        return 0;
    }

    private static void written(PrintWriter stdout, List<Path> files) {
        for (Path f : files) {
            stdout.println("wrote " + f);
        }
    }

    SwarmParameters parameters() {
        try {
            long down = peerDown.strip().equalsIgnoreCase("unlimited") ? 0 : parse("--peer-down", peerDown, true);
            return new SwarmParameters(peers, parse("--size", size, false), parse("--seed-up", seedUp, true),
                    parse("--peer-up", peerUp, true), down, freeRiders, SwarmMode.parse(mode));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private static long parse(String option, String text, boolean rate) {
        try {
            return rate ? Sizes.parseRate(text) : Sizes.parseBytes(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " " + e.getMessage(), e);
        }
    }
}
