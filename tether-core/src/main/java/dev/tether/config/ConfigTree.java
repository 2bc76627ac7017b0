package dev.tether.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Operations on the raw JSON tree before binding: checking keys against the defaults (with "did you mean"),
 * substituting {@code ${ENV}}, merging, and setting overrides. Keys under {@code models} are user-chosen
 * names whose entries follow the template of the default model entry.
 */
final class ConfigTree {
    static final String MODELS = "models";
    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private ConfigTree() {
    }

    /** Throws for the first key of {@code user} that the defaults do not know. */
    static void checkKeys(JsonNode user, ObjectNode defaults, String source) {
        if (!(user instanceof ObjectNode)) {
            throw new ConfigException("The configuration in " + source + " must be a JSON object ({ ... }) but was "
                    + user.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        check(user, defaults, "", source);
    }

    private static void check(JsonNode user, JsonNode template, String path, String source) {
        if (!(template instanceof ObjectNode templateObject) || !user.isObject()) {
            return; // leaves and type mismatches are judged by the binder, which names the expected type
        }
        boolean isModelMap = path.equals(MODELS);
        for (Iterator<Map.Entry<String, JsonNode>> it = user.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode sub = isModelMap ? modelTemplate((ObjectNode) template) : templateObject.get(e.getKey());
            if (sub == null) {
                throw unknownKey(key, e.getKey(), templateObject, path, source);
            }
            check(e.getValue(), sub, key, source);
        }
    }

    static JsonNode modelTemplate(ObjectNode defaultModels) {
        return defaultModels.elements().next();
    }

    private static ConfigException unknownKey(String key, String name, ObjectNode siblings, String parent,
                                              String source) {
        List<String> known = new ArrayList<>();
        siblings.fieldNames().forEachRemaining(known::add);
        String prefix = parent.isEmpty() ? "" : parent + ".";
        String closest = Suggest.closest(name, known);
        String hint = closest != null
                ? " Did you mean '" + prefix + closest + "'?"
                : " Known keys" + (parent.isEmpty() ? "" : " in '" + parent + "'") + ": " + String.join(", ", known) + ".";
        return new ConfigException("Unknown key '" + key + "' in " + source + "." + hint);
    }

    /** Replaces {@code ${NAME}} and {@code ${NAME:-default}} in every string value. */
    static void substituteEnv(JsonNode node, Function<String, String> env, String path, String source) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                if (e.getValue().isTextual()) {
                    e.setValue(new TextNode(substitute(e.getValue().textValue(), env, key, source)));
                } else {
                    substituteEnv(e.getValue(), env, key, source);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (node.get(i).isTextual()) {
                    String key = path + "[" + i + "]";
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node)
                            .set(i, new TextNode(substitute(node.get(i).textValue(), env, key, source)));
                }
            }
        }
    }

    private static String substitute(String value, Function<String, String> env, String key, String source) {
        Matcher m = ENV.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = env.apply(m.group(1));
            if (replacement == null) {
                replacement = m.group(2);
            }
            if (replacement == null) {
                throw new ConfigException("Key '" + key + "' in " + source + " uses ${" + m.group(1)
                        + "}, but that environment variable is not set. Export it, write the value in the file, "
                        + "or give a default: ${" + m.group(1) + ":-value}.");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Deep-merges {@code over} into {@code base}: objects merge, everything else is replaced. */
    static void merge(ObjectNode base, JsonNode over, ObjectNode defaults, String path) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode existing = base.get(e.getKey());
            if (path.equals(MODELS) && existing == null && e.getValue().isObject()) {
                ObjectNode entry = ((ObjectNode) modelTemplate((ObjectNode) defaults.get(MODELS))).deepCopy();
                merge(entry, e.getValue(), defaults, MODELS + ".*");
                base.set(e.getKey(), entry);
            } else if (existing instanceof ObjectNode existingObject && e.getValue().isObject()) {
                merge(existingObject, e.getValue(), defaults, path.isEmpty() ? e.getKey() : path + "." + e.getKey());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
