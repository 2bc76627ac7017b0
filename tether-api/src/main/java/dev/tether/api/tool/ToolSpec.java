package dev.tether.api.tool;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A tool's name, what it does (written for the model), and its parameters.
 *
 * @param name {@code [a-z][a-z0-9_]*}, at most 64 characters, unique among enabled tools
 */
public record ToolSpec(String name, String description, List<ToolParameter> parameters) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        parameters = List.copyOf(parameters);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Tool name must match [a-z][a-z0-9_]{0,63}: '" + name + "'");
        }
    }
}
