package dev.tether.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolSpec;
import dev.tether.testkit.http.IncomingRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Anthropic Messages wire format. Requests: top-level {@code system}, {@code messages} of role user or
 * assistant with string or block content ({@code text}, {@code tool_use}, {@code tool_result}), required
 * {@code max_tokens}, {@code x-api-key} and {@code anthropic-version} headers. Streaming: named SSE events
 * {@code message_start}, {@code ping}, {@code content_block_start/delta/stop}, {@code message_delta} (stop
 * reason and output usage) and {@code message_stop}.
 */
final class AnthropicWire implements Wire {
    private static final AtomicLong IDS = new AtomicLong();

    @Override
    public Decoded decode(IncomingRequest request) {
        if (request.header("x-api-key").isEmpty()) {
            throw new ProtocolViolation(401, "x-api-key header is required");
        }
        if (request.header("anthropic-version").isEmpty()) {
            throw new ProtocolViolation("anthropic-version: header is required");
        }
        JsonNode root = WireJson.parse(request.body());
        String model = WireJson.text(root, "model", "body");
        int maxTokens = root.path("max_tokens").asInt(0);
        if (maxTokens < 1) {
            throw new ProtocolViolation("max_tokens: Field required (a positive integer), was " + root.get("max_tokens"));
        }
        List<ChatMessage> messages = new ArrayList<>();
        system(root).ifPresent(s -> messages.add(new ChatMessage.System(s)));
        messages.addAll(new MessageDecoder().decode(WireJson.array(root, "messages", "body")));
        List<ToolSpec> tools = new ArrayList<>();
        JsonNode toolsNode = root.path("tools");
        for (int i = 0; i < toolsNode.size(); i++) {
            JsonNode tool = toolsNode.get(i);
            String where = "tools." + i;
            if (tool.get("input_schema") == null) {
                throw new ProtocolViolation(where + ".input_schema: Field required");
            }
            tools.add(new ToolSpec(WireJson.text(tool, "name", where), tool.path("description").asText(""),
                    WireJson.parameters(tool.get("input_schema"), where + ".input_schema")));
        }
        RecordedChat chat = new RecordedChat(model, root.path("stream").asBoolean(false), messages, tools,
                maxTokens, WireJson.optionalNumber(root, "temperature"), request.header("x-api-key"));
        return new Decoded(chat, root);
    }

    private static Optional<String> system(JsonNode root) {
        JsonNode system = root.get("system");
        if (system == null || system.isNull()) {
            return Optional.empty();
        }
        if (system.isTextual()) {
            return Optional.of(system.asText());
        }
        if (!system.isArray()) {
            throw new ProtocolViolation("system: Input should be a valid string or list of text blocks, was " + system);
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode block : system) {
            if (!"text".equals(block.path("type").asText())) {
                throw new ProtocolViolation("system: only text blocks are allowed, got " + block.get("type"));
            }
            text.append(text.isEmpty() ? "" : "\n").append(WireJson.text(block, "text", "system[]"));
        }
        return Optional.of(text.toString());
    }

    /** Decodes {@code messages}, checking tool_use / tool_result pairing as the Messages API does. */
    private static final class MessageDecoder {
        private final Map<String, String> pendingToolUses = new LinkedHashMap<>();
        private final Map<String, String> toolNames = new LinkedHashMap<>();

        List<ChatMessage> decode(JsonNode messages) {
            if (messages.isEmpty()) {
                throw new ProtocolViolation("messages: at least one message is required");
            }
            List<ChatMessage> result = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                JsonNode m = messages.get(i);
                String where = "messages." + i;
                String role = WireJson.text(m, "role", where);
                switch (role) {
                    case "user" -> user(m.get("content"), where, result);
                    case "assistant" -> result.add(assistant(m.get("content"), where));
                    default -> throw new ProtocolViolation(where + ": Unexpected role \"" + role + "\". The Messages"
                            + " API accepts a top-level `system` parameter, not \"system\" as an input message role.");
                }
            }
            return result;
        }

        private void user(JsonNode content, String where, List<ChatMessage> out) {
            Map<String, String> expected = new LinkedHashMap<>(pendingToolUses);
            pendingToolUses.clear();
            if (content != null && content.isTextual()) {
                requireAnswered(expected, where);
                out.add(new ChatMessage.User(nonEmpty(content.asText(), where)));
                return;
            }
            boolean seenText = false;
            for (JsonNode block : blocks(content, where)) {
                switch (block.path("type").asText()) {
                    case "tool_result" -> {
                        if (seenText) {
                            throw new ProtocolViolation(where + ": tool_result blocks must come first in the content");
                        }
                        String id = WireJson.text(block, "tool_use_id", where + ".content[]");
                        if (expected.remove(id) == null) {
                            throw new ProtocolViolation(where + ": unexpected `tool_use_id` found in `tool_result`"
                                    + " blocks: " + id + ". Each `tool_result` block must have a corresponding"
                                    + " `tool_use` block in the previous message.");
                        }
                        out.add(new ChatMessage.ToolResult(id, toolNames.get(id), resultText(block, where),
                                block.path("is_error").asBoolean(false)));
                    }
                    case "text" -> {
                        seenText = true;
                        out.add(new ChatMessage.User(nonEmpty(WireJson.text(block, "text", where), where)));
                    }
                    default -> throw new ProtocolViolation(where + ": the fake decodes text and tool_result blocks in"
                            + " user messages, got " + block.get("type"));
                }
            }
            requireAnswered(expected, where);
        }

        private ChatMessage assistant(JsonNode content, String where) {
            if (!pendingToolUses.isEmpty()) {
                throw new ProtocolViolation(where + ": `tool_use` ids were found without `tool_result` blocks"
                        + " immediately after: " + pendingToolUses.keySet());
            }
            if (content != null && content.isTextual()) {
                return new ChatMessage.Assistant(content.asText());
            }
            StringBuilder text = new StringBuilder();
            List<ToolCall> calls = new ArrayList<>();
            for (JsonNode block : blocks(content, where)) {
                switch (block.path("type").asText()) {
                    case "text" -> text.append(nonEmpty(WireJson.text(block, "text", where), where));
                    case "tool_use" -> {
                        String id = WireJson.text(block, "id", where + ".content[]");
                        String name = WireJson.text(block, "name", where + ".content[]");
                        JsonNode input = block.get("input");
                        if (input == null || !input.isObject()) {
                            throw new ProtocolViolation(where + ".content[].input: Input should be an object");
                        }
                        pendingToolUses.put(id, name);
                        toolNames.put(id, name);
                        calls.add(new ToolCall(id, name, WireJson.write(input)));
                    }
                    case "thinking", "redacted_thinking" -> { }
                    default -> throw new ProtocolViolation(where + ": unexpected block type " + block.get("type"));
                }
            }
            return new ChatMessage.Assistant(text.toString(), calls);
        }

        private static void requireAnswered(Map<String, String> expected, String where) {
            if (!expected.isEmpty()) {
                throw new ProtocolViolation(where + ": `tool_use` ids were found without `tool_result` blocks"
                        + " immediately after: " + expected.keySet());
            }
        }

        private static JsonNode blocks(JsonNode content, String where) {
            if (content == null || !content.isArray() || content.isEmpty()) {
                throw new ProtocolViolation(where + ".content: expected a string or a non-empty list of blocks,"
                        + " was " + content);
            }
            return content;
        }

        private static String resultText(JsonNode block, String where) {
            JsonNode content = block.get("content");
            if (content == null || content.isNull()) {
                return "";
            }
            if (content.isTextual()) {
                return content.asText();
            }
            StringBuilder text = new StringBuilder();
            content.forEach(b -> text.append(WireJson.text(b, "text", where + ".content[].content[]")));
            return text.toString();
        }

        private static String nonEmpty(String text, String where) {
            if (text.isEmpty()) {
                throw new ProtocolViolation(where + ": text content blocks must be non-empty");
            }
            return text;
        }
    }

    @Override
    public List<Frame> frames(Script.Reply reply, Decoded request) {
        List<Frame> frames = new ArrayList<>();
        ObjectNode message = WireJson.object().put("id", "msg_fake" + IDS.incrementAndGet()).put("type", "message")
                .put("role", "assistant").put("model", request.chat().model());
        message.putArray("content");
        message.putNull("stop_reason").putNull("stop_sequence");
        message.putObject("usage").put("input_tokens", reply.effectiveUsage().inputTokens()).put("output_tokens", 1);
        ObjectNode start = WireJson.object().put("type", "message_start");
        start.set("message", message);
        frames.add(Frame.framing(event("message_start", start)));
        frames.add(Frame.framing(event("ping", WireJson.object().put("type", "ping"))));
        int index = 0;
        if (!reply.thinkingChunks().isEmpty()) {
            ObjectNode block = WireJson.object().put("type", "thinking").put("thinking", "");
            frames.add(Frame.framing(blockStart(index, block)));
            for (String chunk : reply.thinkingChunks()) {
                frames.add(Frame.content(delta(index,
                        WireJson.object().put("type", "thinking_delta").put("thinking", chunk))));
            }
            frames.add(Frame.framing(delta(index,
                    WireJson.object().put("type", "signature_delta").put("signature", "fake-signature"))));
            frames.add(Frame.framing(blockStop(index++)));
        }
        if (!reply.textChunks().isEmpty()) {
            ObjectNode block = WireJson.object().put("type", "text").put("text", "");
            frames.add(Frame.framing(blockStart(index, block)));
            for (String chunk : reply.textChunks()) {
                frames.add(Frame.content(delta(index, WireJson.object().put("type", "text_delta").put("text", chunk))));
            }
            frames.add(Frame.framing(blockStop(index++)));
        }
        for (ScriptedToolCall call : reply.toolCalls()) {
            ObjectNode block = WireJson.object().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.putObject("input");
            frames.add(Frame.framing(blockStart(index, block)));
            for (String fragment : call.wireFragments()) {
                frames.add(Frame.content(delta(index,
                        WireJson.object().put("type", "input_json_delta").put("partial_json", fragment))));
            }
            frames.add(Frame.framing(blockStop(index++)));
        }
        ObjectNode messageDelta = WireJson.object().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(reply.effectiveFinish())).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", reply.effectiveUsage().outputTokens());
        frames.add(Frame.tail(event("message_delta", messageDelta)));
        frames.add(Frame.tail(event("message_stop", WireJson.object().put("type", "message_stop"))));
        return frames;
    }

    @Override
    public List<Frame> streamError(int status, String message) {
        ObjectNode data = (ObjectNode) WireJson.parse(errorBody(status, message));
        data.remove("request_id");
        return List.of(Frame.tail(event("error", data)));
    }

    @Override
    public String completion(Script.Reply reply, Decoded request) {
        ObjectNode root = WireJson.object().put("id", "msg_fake" + IDS.incrementAndGet()).put("type", "message")
                .put("role", "assistant").put("model", request.chat().model());
        var content = root.putArray("content");
        if (!reply.text().isEmpty()) {
            content.addObject().put("type", "text").put("text", reply.text());
        }
        for (ScriptedToolCall call : reply.toolCalls()) {
            ObjectNode block = content.addObject().put("type", "tool_use").put("id", call.id()).put("name", call.name());
            block.set("input", WireJson.parse(call.arguments()));
        }
        root.put("stop_reason", stopReason(reply.effectiveFinish())).putNull("stop_sequence");
        root.putObject("usage").put("input_tokens", reply.effectiveUsage().inputTokens())
                .put("output_tokens", reply.effectiveUsage().outputTokens());
        return WireJson.write(root);
    }

    @Override
    public String errorBody(int status, String message) {
        String type = switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> status >= 500 ? "api_error" : "invalid_request_error";
        };
        ObjectNode root = WireJson.object().put("type", "error");
        root.putObject("error").put("type", type).put("message", message);
        root.put("request_id", "req_fake" + IDS.incrementAndGet());
        return WireJson.write(root);
    }

    @Override
    public Map<String, String> responseHeaders() {
        return Map.of("request-id", "req_fake" + IDS.incrementAndGet(), "anthropic-organization-id", "fake-org");
    }

    static String stopReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "end_turn";
            case TOOL_CALLS -> "tool_use";
            case LENGTH -> "max_tokens";
            case CONTENT_FILTER -> "refusal";
            case CANCELLED, OTHER -> "pause_turn";
        };
    }

    private static String blockStart(int index, ObjectNode block) {
        ObjectNode event = WireJson.object().put("type", "content_block_start").put("index", index);
        event.set("content_block", block);
        return event("content_block_start", event);
    }

    private static String delta(int index, ObjectNode delta) {
        ObjectNode event = WireJson.object().put("type", "content_block_delta").put("index", index);
        event.set("delta", delta);
        return event("content_block_delta", event);
    }

    private static String blockStop(int index) {
        return event("content_block_stop", WireJson.object().put("type", "content_block_stop").put("index", index));
    }

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + WireJson.write(data) + "\n\n";
    }
}
