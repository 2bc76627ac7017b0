package dev.tether.cli;

import dev.tether.api.TetherException;
import dev.tether.config.ConfigLoader;
import dev.tether.config.TetherConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The top-level command; with no subcommand it starts the terminal chat. */
@Command(name = "tether", mixinStandardHelpOptions = true, versionProvider = TetherCommand.Version.class,
        description = "Self-hosted AI assistant whose conversations never drop.",
        subcommands = {ChatCommand.class, ServeCommand.class, OnboardCommand.class, DoctorCommand.class,
                TokenCommand.class, UserCommand.class, CommandLine.HelpCommand.class})
public final class TetherCommand implements Runnable {

    @Option(names = "--home", description = "Tether's directory (default: $TETHER_HOME or ~/.tether).",
            scope = CommandLine.ScopeType.INHERIT)
    Path home;

    @Option(names = {"-c", "--config"}, description = "Config file (default: <home>/config.json).",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key, e.g. --set agent.model=local.",
            scope = CommandLine.ScopeType.INHERIT)
    List<String> overrides = new ArrayList<>();

    @Option(names = {"-v", "--verbose"}, description = "Log details and show stack traces.",
            scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TetherCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            TetherCommand root = cmd.getCommandSpec().root().commandLine().getCommand();
            if (root.verbose || !(e instanceof TetherException || e instanceof IllegalArgumentException)) {
                e.printStackTrace(cmd.getErr());
            } else {
                cmd.getErr().println(e.getMessage());
            }
            return 1;
        });
        return cli;
    }

    @Override
    public void run() {
        spec.commandLine().getSubcommands().get("chat").execute();
    }

    Path home() {
        return home != null ? home.toAbsolutePath().normalize() : ConfigLoader.defaultHome(System::getenv);
    }

    Path configFile() {
        return config != null ? config.toAbsolutePath().normalize() : home().resolve("config.json");
    }

    TetherConfig loadConfig() {
        if (verbose) {
            ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                    .setLevel(ch.qos.logback.classic.Level.INFO);
        }
        return ConfigLoader.load(home(), configFile(), System::getenv, overrides);
    }

    /** Reads the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = Version.class.getResourceAsStream("/dev/tether/cli/version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"tether " + p.getProperty("version", "unknown"),
                    "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
