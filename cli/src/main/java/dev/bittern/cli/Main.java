package dev.bittern.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bittern} command. Subcommands are registered in {@link BitternCommand}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the CLI and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BitternCommand());
        cl.setExecutionExceptionHandler(new ErrorHandler());
        return cl;
    }

    @Command(name = "bittern", mixinStandardHelpOptions = true, version = "bittern 0.1.0",
            description = "BitTorrent-compatible peer-to-peer file distribution.",
            subcommands = {CommandLine.HelpCommand.class, CreateCommand.class, InfoCommand.class, VerifyCommand.class, TrackerCommand.class, DownloadCommand.class, SeedCommand.class, ShareCommand.class})
    static final class BitternCommand implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(System.err);
        }
    }
}
