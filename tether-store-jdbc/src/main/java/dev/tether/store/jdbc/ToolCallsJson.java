package dev.tether.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tether.api.model.ToolCall;
import dev.tether.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code messages.tool_calls} column: a JSON array of {@code {"id","name","arguments"}} objects, or
 * NULL when a message has no tool calls. Field names are spelled out here rather than taken from the
 * {@link ToolCall} record, so renaming a record component cannot silently change stored data.
 */
final class ToolCallsJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolCallsJson() {
    }

    /** The column value for {@code calls}: empty (store NULL) when there are none. */
    static Optional<String> encode(List<ToolCall> calls) {
        if (calls.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode array = JSON.createArrayNode();
        for (ToolCall call : calls) {
            array.addObject()
                    .put("id", call.id())
                    .put("name", call.name())
                    .put("arguments", call.argumentsJson());
        }
        return Optional.of(array.toString());
    }

    static List<ToolCall> decode(String json, long messageId) {
        if (json == null || json.isEmpty()) {
            return List.of();
        }
        try {
            JsonNode array = JSON.readTree(json);
            if (!array.isArray()) {
                throw corrupt(messageId, json, "not a JSON array", null);
            }
            List<ToolCall> calls = new ArrayList<>(array.size());
            for (JsonNode call : array) {
                calls.add(new ToolCall(text(call, "id", messageId, json), text(call, "name", messageId, json),
                        text(call, "arguments", messageId, json)));
            }
            return calls;
        } catch (JsonProcessingException e) {
            throw corrupt(messageId, json, e.getOriginalMessage(), e);
        }
    }

    private static String text(JsonNode call, String field, long messageId, String json) {
        JsonNode value = call.get(field);
        if (value == null || !value.isTextual()) {
            throw corrupt(messageId, json, "a tool call has no text field '" + field + "'", null);
        }
        return value.asText();
    }

    private static StoreException corrupt(long messageId, String json, String why, Throwable cause) {
        String shown = json.length() > 200 ? json.substring(0, 200) + "..." : json;
        return new StoreException("Message " + messageId + " has unreadable tool_calls " + shown + ": " + why
                + ". The row was changed outside Tether; fix or clear the column.", cause);
    }
}
