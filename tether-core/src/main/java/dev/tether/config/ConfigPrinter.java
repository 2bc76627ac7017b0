package dev.tether.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/** Prints the effective configuration as JSON with every secret (keys, passwords, tokens) redacted. */
public final class ConfigPrinter {
    private static final Pattern SECRET = Pattern.compile("(?i).*(api-key|password|secret|token)$");

    private ConfigPrinter() {
    }

    public static String redacted(TetherConfig config) {
        JsonNode tree = ConfigLoader.mapper().valueToTree(config);
        redact(tree);
        try {
            return ConfigLoader.mapper().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new ConfigException("Cannot print the configuration: " + e.getOriginalMessage(), e);
        }
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (SECRET.matcher(e.getKey()).matches() && e.getValue().isTextual()) {
                    String v = e.getValue().textValue();
                    object.put(e.getKey(), v.isEmpty() ? "" : "***redacted***");
                } else {
                    redact(e.getValue());
                }
            }
        }
    }
}
