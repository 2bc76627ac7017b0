package dev.tether.api.tool;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * A tool call's arguments, parsed from the model's JSON. Accessors throw {@link ToolArgumentException} with a
 * message for the model when an argument is missing or has the wrong type; the agent turns that into a
 * failed tool result, so tools need not validate by hand.
 */
public final class ToolArguments {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode node;

    private ToolArguments(ObjectNode node) {
        this.node = node;
    }

    /** Parses a JSON object; throws {@link ToolArgumentException} if it is not one. */
    public static ToolArguments parse(String json) {
        String text = json == null || json.isBlank() ? "{}" : json;
        try {
            JsonNode parsed = JSON.readTree(text);
            if (parsed instanceof ObjectNode object) {
                return new ToolArguments(object);
            }
            throw new ToolArgumentException("Arguments must be a JSON object but were: " + abbreviate(text));
        } catch (JsonProcessingException e) {
            throw new ToolArgumentException("Arguments are not valid JSON (" + e.getOriginalMessage() + "): "
                    + abbreviate(text));
        }
    }

    public String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name, "string"));
    }

    public Optional<String> optionalString(String name) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(name, "string", value);
        }
        return Optional.of(value.textValue());
    }

    public long integer(String name, long defaultValue) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isIntegralNumber()) {
            return value.longValue();
        }
        if (value.isTextual() && value.textValue().strip().matches("-?\\d+")) {
            return Long.parseLong(value.textValue().strip()); // small models often quote numbers
        }
        throw wrongType(name, "integer", value);
    }

    public boolean bool(String name, boolean defaultValue) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return defaultValue;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual() && value.textValue().matches("(?i)true|false")) {
            return Boolean.parseBoolean(value.textValue());
        }
        throw wrongType(name, "boolean", value);
    }

    @Override
    public String toString() {
        return node.toString();
    }

    private static ToolArgumentException missing(String name, String type) {
        return new ToolArgumentException("Missing required argument '" + name + "' (" + type + ")");
    }

    private static ToolArgumentException wrongType(String name, String type, JsonNode value) {
        return new ToolArgumentException("Argument '" + name + "' must be a " + type + " but was "
                + abbreviate(value.toString()));
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
