package dev.tether.api.tool;

import java.util.Objects;

/** One named parameter of a tool; providers turn these into a JSON schema object. */
public record ToolParameter(String name, Type type, String description, boolean required) {
    public ToolParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
    }

    public static ToolParameter required(String name, Type type, String description) {
        return new ToolParameter(name, type, description, true);
    }

    public static ToolParameter optional(String name, Type type, String description) {
        return new ToolParameter(name, type, description, false);
    }

    /** JSON schema primitive types. */
    public enum Type {
        STRING, INTEGER, NUMBER, BOOLEAN;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
