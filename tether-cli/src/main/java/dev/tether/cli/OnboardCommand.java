package dev.tether.cli;

import dev.tether.config.ConfigLoader;
import dev.tether.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Writes the commented default config and the workspace files, keeping what exists unless forced. */
@Command(name = "onboard", description = "Write a default config (every key explained) and the workspace files.")
final class OnboardCommand implements Callable<Integer> {
    @ParentCommand
    TetherCommand root;

    @Option(names = "--force", description = "Replace an existing config.json (the old one is kept as config.json.bak).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Path file = root.configFile();
        if (Files.exists(file) && !force) {
            System.out.println("Config already exists: " + file + " (kept; use --force to replace it)");
        } else {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (Files.exists(file)) {
                Path backup = file.resolveSibling(file.getFileName() + ".bak");
                Files.copy(file, backup, StandardCopyOption.REPLACE_EXISTING);
                System.out.println("Old config saved as " + backup);
            }
            Files.writeString(file, ConfigLoader.defaultTemplate());
            System.out.println("Wrote " + file);
        }
        var config = root.loadConfig();
        Workspace workspace = new Workspace(config.workspace());
        for (Path created : workspace.initialise()) {
            System.out.println("Wrote " + created);
        }
        System.out.println("Workspace: " + workspace.root());
        System.out.println("Next: start your model server (default: vLLM at " + config.mainModel().baseUrl()
                + "), then run 'tether doctor' to check everything, and 'tether chat' to talk.");
        return 0;
    }
}
