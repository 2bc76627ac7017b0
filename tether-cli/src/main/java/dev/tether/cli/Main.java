package dev.tether.cli;

import picocli.CommandLine;

/** Entry point of the runnable jar. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code: 0 done, 1 failed, 2 bad usage. */
    public static int run(String... args) {
        return TetherCommand.commandLine().execute(args);
    }
}
