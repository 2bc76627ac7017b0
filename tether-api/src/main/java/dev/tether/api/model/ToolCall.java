package dev.tether.api.model;

import java.util.Objects;

/** A complete tool call requested by a model: provider-assigned id, tool name, JSON object arguments. */
public record ToolCall(String id, String name, String argumentsJson) {
    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        argumentsJson = argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson;
    }
}
