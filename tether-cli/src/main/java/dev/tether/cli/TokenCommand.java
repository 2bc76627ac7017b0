package dev.tether.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code tether token}: the access tokens that sign users in to the web UI and the API. */
@Command(mixinStandardHelpOptions = true, name = "token", description = "Create, list and revoke access tokens for the web UI and the API.",
        subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenRevokeCommand.class})
final class TokenCommand implements Runnable {
    @ParentCommand
    TetherCommand root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing subcommand: use 'tether token create --user NAME', 'tether token list' or"
                        + " 'tether token revoke ID'.");
    }
}
