package dev.tether.testkit.model;

import java.util.List;
import java.util.Objects;

/**
 * A tool call a fake server streams: provider-style id, tool name, and the JSON arguments split into
 * fragments that go out in separate chunks, as real servers do. The fragments joined must be a JSON object.
 */
public record ScriptedToolCall(String id, String name, List<String> argumentFragments) {
    public ScriptedToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        argumentFragments = List.copyOf(argumentFragments);
    }

    /** The complete arguments JSON; {@code {}} when there were no fragments. */
    public String arguments() {
        return String.join("", wireFragments());
    }

    /** The fragments as sent: {@code ["{}"]} when there were none, so every call has at least one chunk. */
    public List<String> wireFragments() {
        return argumentFragments.isEmpty() ? List.of("{}") : argumentFragments;
    }
}
