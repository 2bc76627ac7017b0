package dev.tether.testkit.model;

import dev.tether.api.model.ChatMessage;
import dev.tether.api.tool.ToolSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chat request decoded back from a provider's wire format into Tether's own types, so tests can compare
 * what a client sent with what it was asked to send, whatever the provider. The fake decodes strictly: a
 * request the real provider would reject (a tool result without a matching tool call, a system message where
 * the provider does not take one, a missing required field) is answered with 400 and never decoded.
 *
 * <p>Lossy where the wire is: a {@link ChatMessage.ToolResult}'s {@code toolName} is recovered from the
 * matching call, and its {@code error} flag is false on wires without one (OpenAI). A provider's separate
 * system field comes back as a {@link ChatMessage.System} at the start of {@code messages}.
 *
 * @param apiKey the key from the provider's auth header ({@code Authorization: Bearer} or {@code x-api-key})
 * @param maxOutputTokens the output limit sent, 0 when none was sent
 */
public record RecordedChat(String model, boolean stream, List<ChatMessage> messages, List<ToolSpec> tools,
                           int maxOutputTokens, Optional<Double> temperature, Optional<String> apiKey) {
    public RecordedChat {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        Objects.requireNonNull(temperature, "temperature");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
