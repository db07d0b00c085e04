package dev.bittern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.swarm.SwarmRunner;
import dev.bittern.time.VirtualClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SwarmCommandTest {
    private static CliRun run(String... args) {
        VirtualClock clock = new VirtualClock();
        SwarmCommand command = new SwarmCommand(display -> new SwarmRunner(p -> new LinearSwarmPeers(clock, p), clock,
                clock::advance, Duration.ofMillis(250), display));
        CommandLine cl = new CommandLine(command);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryOption() {
        CliRun r = run("--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("--peers", "--size", "--seed-up", "--peer-up", "--peer-down", "--free-riders",
                "--mode", "--out", "--sweep", "--timeout", "N*F/u_s");
    }

    @Test
    void defaultRunReportsCompletionsBothBoundsAndTheRatio() {
        CliRun r = run();
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("swarm (p2p): N=8 peers, F=64.0 MiB, u_s=4.0 MiB/s, u_i=1.0 MiB/s, d=unlimited");
        assertThat(r.out()).contains("P2P bound: max(F/u_s = 16.0 s, F/d_min = 0.0 s, N·F/(u_s+Σu_i) = 42.7 s) = 42.7 s");
        assertThat(r.out()).contains("client-server bound: max(N·F/u_s = 128.0 s, F/d_min = 0.0 s) = 128.0 s");
        // The double finishes peer-8 at 1.1^7 × the P2P bound.
        assertThat(r.out()).contains("last completion / P2P bound = 1.95");
        assertThat(r.err()).contains("peer-8").contains("unchoked-by 1");
    }

    @Test
    void unitsAndModeReachTheParameters(@TempDir Path dir) throws Exception {
        CliRun r = run("--peers", "2", "--size", "1MiB", "--seed-up", "256KiB/s", "--peer-up", "128k",
                "--peer-down", "1MB/s", "--mode", "client-server", "--free-riders", "1", "--out", dir.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("swarm (client-server): N=2 peers (1 free-riders), F=1.0 MiB, u_s=256.0 KiB/s,"
                + " u_i=0 (client-server), d=976.6 KiB/s");
        assertThat(r.out()).contains("client-server bound: max(N·F/u_s = 8.0 s, F/d_min = 1.0 s) = 8.0 s");
        assertThat(r.out()).contains("free-riders: ");
        assertThat(Files.readString(dir.resolve("timeline.csv"))).startsWith("peer,free_rider,");
        assertThat(Files.readString(dir.resolve("swarm.svg"))).contains("<svg").contains("client-server-bound");
        assertThat(r.out()).contains("wrote " + dir.resolve("report.txt"));
    }

    @Test
    void sweepPrintsOneRowPerNAndWritesTheChart(@TempDir Path dir) throws Exception {
        CliRun r = run("--sweep", "1,2,4", "--size", "1MiB", "--seed-up", "1MiB", "--peer-up", "1MiB", "--out", dir.toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out().lines().filter(l -> l.matches("\\s+\\d+ .*"))).hasSize(3);
        assertThat(Files.readString(dir.resolve("sweep.svg"))).contains("p2p-bound", "client-server-bound");
        assertThat(Files.readString(dir.resolve("sweep.csv")).lines()).hasSize(4);
    }

    @Test
    void badValuesAreOneClearLineNamingTheOption() {
        assertThat(run("--size", "64XB").err()).isEqualTo("bittern swarm: --size '64XB': unknown unit 'XB' (use B, KiB,"
                + " MiB, GiB, TiB or K, M, G, T for powers of 1024; kB, MB, GB, TB for powers of 1000)\n");
        assertThat(run("--seed-up", "4MiB/min").err()).startsWith("bittern swarm: --seed-up '4MiB/min' is not a rate");
        assertThat(run("--peers", "0").err()).isEqualTo("bittern swarm: --peers must be at least 1, not 0\n");
        assertThat(run("--free-riders", "9").err()).contains("--free-riders must be between 0 and --peers (8), not 9");
        assertThat(run("--mode", "star").err()).contains("--mode must be p2p or client-server, not 'star'");
        assertThat(run("--sweep", "1,0").err()).contains("--sweep: every N must be at least 1, got 0");
        assertThat(run("--timeout", "0").exitCode()).isEqualTo(1);
    }

    @Test
    void runThatHitsTheTimeoutReportsAndFails() {
        CliRun r = run("--timeout", "10");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("did not finish within");
        assertThat(r.err()).contains("bittern swarm: not every peer finished within 10 s");
    }
}
