package dev.tether.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** Applies a command-line {@code key.path=value} override to the merged tree, checking the key first. */
final class Overrides {
    private Overrides() {
    }

    static void apply(ObjectNode merged, ObjectNode defaults, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("Override '" + override + "' must look like key.path=value, for example "
                    + "--set agent.max-iterations=10");
        }
        String key = override.substring(0, eq).strip();
        String[] parts = key.split("\\.");
        ObjectNode probe = ConfigLoader.mapper().createObjectNode();
        ObjectNode cursor = probe;
        for (int i = 0; i < parts.length - 1; i++) {
            cursor = cursor.putObject(parts[i]);
        }
        cursor.put(parts[parts.length - 1], "");
        ConfigTree.checkKeys(probe, defaults, "--set " + key);
        JsonNode value = valueOf(override.substring(eq + 1));
        ObjectNode target = merged;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode next = target.get(parts[i]);
            ObjectNode nextObject;
            if (next instanceof ObjectNode existing) {
                nextObject = existing;
            } else {
                nextObject = i == 1 && parts[0].equals(ConfigTree.MODELS)
                        ? ((ObjectNode) ConfigTree.modelTemplate((ObjectNode) defaults.get(ConfigTree.MODELS))).deepCopy()
                        : ConfigLoader.mapper().createObjectNode();
                target.set(parts[i], nextObject);
            }
            target = nextObject;
        }
        target.set(parts[parts.length - 1], value);
    }

    private static JsonNode valueOf(String text) {
        try {
            JsonNode parsed = ConfigLoader.mapper().readTree(text);
            return parsed == null ? new TextNode(text) : parsed;
        } catch (JacksonException e) {
            return new TextNode(text); // bare words such as gpt-4o are strings
        }
    }
}
