package dev.tether.cli;

import dev.tether.app.Models;
import dev.tether.app.Stores;
import dev.tether.config.ConfigException;
import dev.tether.config.ConfigPrinter;
import dev.tether.config.ModelConfig;
import dev.tether.config.TetherConfig;
import dev.tether.store.ConversationStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Checks config, workspace, storage and models, and says what to fix. Exit code 1 if anything is wrong. */
@Command(name = "doctor", description = "Check config, storage and model reachability, and say what to fix.")
final class DoctorCommand implements Callable<Integer> {
    /** The usual local model servers: name and port of their OpenAI-compatible API. */
    static final Map<String, Integer> LOCAL_SERVERS = Map.of("vLLM", 8000, "Ollama", 11434, "LM Studio", 1234,
            "llama.cpp server", 8080);

    @ParentCommand
    TetherCommand root;

    @picocli.CommandLine.Option(names = "--scan", hidden = true, paramLabel = "NAME=PORT",
            description = "Local servers to look for instead of the usual ones (for tests).")
    Map<String, Integer> scan;

    private final List<String> problems = new ArrayList<>();

    @Override
    public Integer call() {
        System.out.println("Config file: " + root.configFile()
                + (Files.exists(root.configFile()) ? "" : " (not found: using defaults; 'tether onboard' writes one)"));
        TetherConfig config;
        try {
            config = root.loadConfig();
        } catch (ConfigException e) {
            System.out.println("FAIL config: " + e.getMessage());
            return 1;
        }
        System.out.println("ok   config\n" + ConfigPrinter.redacted(config).indent(7).stripTrailing());
        checkWorkspace(config);
        checkStore(config);
        checkModels(config);
        suggestLocalServers(config);
        if (problems.isEmpty()) {
            System.out.println("\nAll checks passed.");
            return 0;
        }
        System.out.println("\n" + problems.size() + " problem(s):");
        problems.forEach(p -> System.out.println("  - " + p));
        return 1;
    }

    private void checkWorkspace(TetherConfig config) {
        if (Files.isDirectory(config.workspace()) && Files.isWritable(config.workspace())) {
            System.out.println("ok   workspace " + config.workspace());
        } else {
            fail("workspace", config.workspace() + " is missing or not writable. Run 'tether onboard' to create it.");
        }
        // other users' workspaces are made at their first turn: the folder, or the nearest existing one above it,
        // must be writable then
        Path users = config.userWorkspaces();
        Path existing = users;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing != null && Files.isDirectory(existing) && Files.isWritable(existing)) {
            System.out.println("ok   user-workspaces " + users + (Files.exists(users) ? "" : " (made at a user's first turn)"));
        } else {
            fail("user-workspaces", users + " cannot be created" + (existing == null ? "" : ": " + existing
                    + " is not a writable folder") + ". Set \"user-workspaces\" in config.json to a writable folder.");
        }
    }

    private void checkStore(TetherConfig config) {
        try (ConversationStore store = Stores.open(config.store())) {
            store.conversations("doctor", java.util.Optional.empty(), 1);
            System.out.println("ok   store " + Stores.describe(config.store()));
        } catch (RuntimeException e) {
            fail("store", e.getMessage());
        }
    }

    private void checkModels(TetherConfig config) {
        List<String> names = new ArrayList<>();
        names.add(config.agent().model());
        names.addAll(config.agent().fallbacks());
        ModelProbe probe = new ModelProbe(Duration.ofSeconds(3));
        var providers = Models.providers().keySet();
        for (String name : names) {
            ModelConfig m = config.models().get(name);
            if (!providers.contains(m.provider())) {
                fail("model " + name, "provider '" + m.provider() + "' is not installed; use one of "
                        + providers);
                continue;
            }
            ModelProbe.Result r = probe.probe(m.baseUrl(), m.provider(), m.apiKey());
            if (!r.reachable()) {
                fail("model " + name, "nothing answered at " + m.baseUrl() + " (" + r.problem() + "). Start your model "
                        + "server, or point models." + name + ".base-url at one.");
            } else if (!r.problem().isEmpty()) {
                fail("model " + name, m.baseUrl() + ": " + r.problem());
            } else if (!r.models().isEmpty() && !r.models().contains(m.model())) {
                fail("model " + name, m.baseUrl() + " does not serve '" + m.model() + "'; it serves " + r.models()
                        + ". Set models." + name + ".model to one of them.");
            } else {
                System.out.println("ok   model " + name + ": " + m.model() + " at " + m.baseUrl());
            }
        }
    }

    private void suggestLocalServers(TetherConfig config) {
        ModelProbe probe = new ModelProbe(Duration.ofMillis(1500));
        (scan != null ? scan : LOCAL_SERVERS).forEach((server, port) -> {
            String base = "http://127.0.0.1:" + port + "/v1";
            if (config.mainModel().baseUrl().replaceAll("/+$", "").equals(base)) {
                return;
            }
            ModelProbe.Result r = probe.probe(base, "openai", "");
            if (r.reachable() && r.problem().isEmpty()) {
                String model = r.models().isEmpty() ? "<model name>" : r.models().getFirst();
                System.out.println("info found " + server + " at " + base + " serving " + r.models() + ". To use it, put in "
                        + "config.json:\n       \"models\": { \"local\": { \"base-url\": \"" + base + "\", \"model\": \""
                        + model + "\" } }\n       or run: tether --set models.local.base-url=" + base
                        + " --set models.local.model=" + model + " chat");
            }
        });
    }

    private void fail(String what, String message) {
        System.out.println("FAIL " + what + ": " + message);
        problems.add(what + ": " + message);
    }
}
