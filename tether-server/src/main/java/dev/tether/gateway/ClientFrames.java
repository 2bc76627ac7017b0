package dev.tether.gateway;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import java.util.OptionalLong;

/** Parses client frames, failing closed: anything not exactly as documented is a {@link FrameException}. */
final class ClientFrames {
    static final int MAX_TEXT = 32_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClientFrames() {
    }

    static ClientFrame parse(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            throw new FrameException("invalid_json", "", "The frame is not valid JSON (" + e.getOriginalMessage()
                    + "). Send one JSON object per text frame.");
        }
        if (node == null || !node.isObject()) {
            throw new FrameException("invalid_json", "", "The frame must be a JSON object but was "
                    + (node == null ? "empty" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)) + ".");
        }
        String id = node.path("id").isTextual() ? node.get("id").textValue() : "";
        if (id.length() > 64) {
            throw new FrameException("invalid_frame", "", "Field 'id' must be at most 64 characters but had " + id.length() + ".");
        }
        JsonNode type = node.get("type");
        if (type == null || !type.isTextual()) {
            throw new FrameException("unknown_type", id, "The frame has no 'type'. Expected one of hello, pong, "
                    + "subscribe, unsubscribe, send, stop, retry, create.");
        }
        return switch (type.textValue()) {
            case "hello" -> new ClientFrame.Hello(node.path("v").asInt(0), optionalText(node, "token", id),
                    optionalBoolean(node, "listUpdates", id));
            case "pong" -> new ClientFrame.Pong();
            case "subscribe" -> new ClientFrame.Subscribe(requestId(id), text(node, "conversation", id, 64),
                    optionalText(node, "epoch", id), optionalLong(node, "after", id));
            case "unsubscribe" -> new ClientFrame.Unsubscribe(requestId(id), text(node, "conversation", id, 64));
            case "send" -> new ClientFrame.Send(requestId(id), text(node, "conversation", id, 64),
                    text(node, "clientMessageId", id, 64), text(node, "text", id, MAX_TEXT),
                    optionalPositiveLong(node, "replaces", id));
            case "stop" -> new ClientFrame.Stop(requestId(id), text(node, "conversation", id, 64));
            case "retry" -> new ClientFrame.Retry(requestId(id), text(node, "conversation", id, 64),
                    positiveLong(node, "messageId", id));
            case "create" -> new ClientFrame.Create(requestId(id),
                    optionalText(node, "title", id).map(t -> t.length() > 200 ? t.substring(0, 200) : t).orElse("New chat"));
            default -> throw new FrameException("unknown_type", id, "Unknown frame type '" + abbreviate(type.textValue())
                    + "'. Expected one of hello, pong, subscribe, unsubscribe, send, stop, retry, create.");
        };
    }

    private static String requestId(String id) {
        if (id.isEmpty()) {
            throw new FrameException("invalid_frame", "", "Field 'id' is missing: requests need an id (a string of "
                    + "1..64 characters) to match the answer.");
        }
        return id;
    }

    private static String text(JsonNode node, String field, String id, int max) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new FrameException("invalid_frame", id, "Field '" + field + "' must be a non-empty string but was "
                    + (v == null ? "missing" : abbreviate(v.toString())) + ".");
        }
        if (v.textValue().length() > max) {
            throw new FrameException("invalid_frame", id, "Field '" + field + "' must be at most " + max
                    + " characters but had " + v.textValue().length() + ".");
        }
        return v.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String field, String id) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw new FrameException("invalid_frame", id, "Field '" + field + "' must be a string but was "
                    + abbreviate(v.toString()) + ".");
        }
        return Optional.of(v.textValue());
    }

    private static boolean optionalBoolean(JsonNode node, String field, String id) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new FrameException("invalid_frame", id, "Field '" + field + "' must be true or false but was "
                    + abbreviate(v.toString()) + ".");
        }
        return v.booleanValue();
    }

    private static long positiveLong(JsonNode node, String field, String id) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || v.longValue() <= 0) {
            throw new FrameException("invalid_frame", id, "Field '" + field + "' must be a positive integer but was "
                    + (v == null ? "missing" : abbreviate(v.toString())) + ".");
        }
        return v.longValue();
    }

    private static Optional<Long> optionalPositiveLong(JsonNode node, String field, String id) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(positiveLong(node, field, id));
    }

    private static OptionalLong optionalLong(JsonNode node, String field, String id) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return OptionalLong.empty();
        }
        if (!v.isIntegralNumber() || v.longValue() < 0) {
            throw new FrameException("invalid_frame", id, "Field '" + field + "' must be a whole number >= 0 but was "
                    + abbreviate(v.toString()) + ".");
        }
        return OptionalLong.of(v.longValue());
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
