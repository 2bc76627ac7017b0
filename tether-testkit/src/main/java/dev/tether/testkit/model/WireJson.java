package dev.tether.testkit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.api.tool.ToolParameter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** JSON helpers shared by the wire formats: strict field access that fails as a {@link ProtocolViolation}. */
final class WireJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private WireJson() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Could not serialise " + node, e);
        }
    }

    static JsonNode parse(String body) {
        try {
            JsonNode root = MAPPER.readTree(body);
            if (root == null || !root.isObject()) {
                throw new ProtocolViolation("Request body must be a JSON object, got: " + abbreviate(body));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ProtocolViolation("Request body is not valid JSON (" + e.getOriginalMessage() + "): "
                    + abbreviate(body));
        }
    }

    static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new ProtocolViolation(where + "." + field + ": expected a string but was " + value);
        }
        return value.asText();
    }

    static JsonNode array(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isArray()) {
            throw new ProtocolViolation(where + "." + field + ": expected an array but was " + value);
        }
        return value;
    }

    static Optional<Double> optionalNumber(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asDouble());
    }

    /** Decodes a JSON-schema object with primitive properties back into Tether tool parameters. */
    static List<ToolParameter> parameters(JsonNode schema, String where) {
        if (schema == null || schema.isNull()) {
            return List.of();
        }
        if (!"object".equals(schema.path("type").asText())) {
            throw new ProtocolViolation(where + ".type: a tool's schema must have type \"object\" but was "
                    + schema.get("type"));
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<ToolParameter> result = new ArrayList<>();
        schema.path("properties").properties().forEach(p -> {
            String type = p.getValue().path("type").asText();
            ToolParameter.Type parsed;
            try {
                parsed = ToolParameter.Type.valueOf(type.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ProtocolViolation(where + ".properties." + p.getKey()
                        + ".type: the fake decodes only string, integer, number and boolean, got '" + type + "'");
            }
            result.add(new ToolParameter(p.getKey(), parsed, p.getValue().path("description").asText(""),
                    required.contains(p.getKey())));
        });
        for (String name : required) {
            if (result.stream().noneMatch(p -> p.name().equals(name))) {
                throw new ProtocolViolation(where + ".required names '" + name + "', which is not a property");
            }
        }
        return result;
    }

    static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
