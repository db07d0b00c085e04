package dev.bittern.cli;

import picocli.CommandLine;

/**
 * Turns an exception from a command into one clear line on stderr and a non-zero exit code.
 * Stack traces are shown only with BITTERN_DEBUG=1: users need what/where/why, not frames.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        cl.getErr().println("bittern " + cl.getCommandName() + ": " + msg);
        if ("1".equals(System.getenv("BITTERN_DEBUG"))) {
            ex.printStackTrace(cl.getErr());
        }
        return ex instanceof UserError ue ? ue.exitCode() : EXIT_FAILURE;
    }
}
