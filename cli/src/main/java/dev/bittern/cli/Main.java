package dev.bittern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bittern} command. Subcommands are registered in {@link #SUBCOMMANDS}. */
public final class Main {
    /** Every subcommand, in the order the usage lists them. */
    static final Class<?>[] SUBCOMMANDS = {CommandLine.HelpCommand.class, CreateCommand.class, InfoCommand.class, VerifyCommand.class, TrackerCommand.class, DownloadCommand.class, SeedCommand.class, ShareCommand.class, SwarmCommand.class, TrainCacheCommand.class};

    /** Started by {@link #main} for a subcommand; null in the tests' in-process runs. */
    private static Warmup warmup;

    private Main() {
    }

    public static void main(String[] args) {
        // A string check, not subcommand(): reading the @Command annotations is picocli-sized work
        // the warm-up should run beside, not after. A mistyped name starts it for nothing (a daemon).
        if (args.length > 0 && !args[0].startsWith("-") && !args[0].equals("help")) {
            warmup = Warmup.start();
        }
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine(args.length > 0 ? args[0] : "").execute(args);
    }

    /** The whole command tree (all subcommands), as {@code bittern --help} shows it. */
    public static CommandLine commandLine() {
        return commandLine("");
    }

    /**
     * The command tree for a run whose first argument is {@code first}. When that names a
     * subcommand, only that one is built: picocli reflects over every option of every class it
     * registers, which took about a third of the CPU time of {@code bittern create} on a small
     * file (bench/create). Anything else (no argument, an option, {@code help}, a typo) gets the
     * whole tree, so usage and "unknown command" messages list every subcommand.
     */
    static CommandLine commandLine(String first) {
        CommandLine cl = new CommandLine(new BitternCommand());
        Class<?> only = subcommand(first);
        for (Class<?> c : SUBCOMMANDS) {
            if (only == null || c == only) {
                cl.addSubcommand(c);
            }
        }
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setExecutionStrategy(parsed -> {
            if (warmup != null) {
                warmup.commandLineParsed();
            }
            return new CommandLine.RunLast().execute(parsed);
        });
        return cl;
    }

    /** The subcommand class named {@code name} ({@code help} excluded), or null. */
    private static Class<?> subcommand(String name) {
        for (Class<?> c : SUBCOMMANDS) {
            if (c != CommandLine.HelpCommand.class && name.equals(c.getAnnotation(Command.class).name())) {
                return c;
            }
        }
        return null;
    }

    @Command(name = "bittern", mixinStandardHelpOptions = true, version = "bittern 0.1.0",
            description = "BitTorrent-compatible peer-to-peer file distribution.")
    static final class BitternCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.err);
        }
    }
}
