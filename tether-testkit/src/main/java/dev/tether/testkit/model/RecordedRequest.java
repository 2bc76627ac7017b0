package dev.tether.testkit.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A request a fake model server received, in arrival order.
 *
 * @param headers header names in lower case
 * @param body the raw body (UTF-8)
 * @param chat the chat request decoded from the provider's wire format; empty for other endpoints or when
 *     the body broke the protocol (the server then answered 400 and listed it in
 *     {@link FakeModelServer#protocolViolations()})
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, String body,
                              Optional<RecordedChat> chat) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public RecordedRequest {
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(chat, "chat");
    }

    /** The first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** The body parsed as JSON, for assertions on the exact wire format ({@code json().at("/messages/0/role")}). */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Body of " + method + " " + path + " is not JSON: " + e.getOriginalMessage()
                    + "\n" + body, e);
        }
    }

    /** The decoded chat request; fails the test if this was not a valid chat request. */
    public RecordedChat requireChat() {
        return chat.orElseThrow(() -> new AssertionError(
                "Expected a valid chat request but " + method + " " + path + " was not one:\n" + body));
    }
}
