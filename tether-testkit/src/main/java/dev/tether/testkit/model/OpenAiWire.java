package dev.tether.testkit.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.TokenUsage;
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
 * The OpenAI Chat Completions wire format (also spoken by vLLM, Ollama {@code /v1}, LM Studio, llama.cpp).
 * Streaming: {@code data: <chat.completion.chunk>} events, tool calls as {@code delta.tool_calls} fragments
 * keyed by index, a final chunk with {@code finish_reason}, a usage chunk with empty {@code choices} when
 * {@code stream_options.include_usage} is set, then {@code data: [DONE]}.
 */
final class OpenAiWire implements Wire {
    private static final AtomicLong IDS = new AtomicLong();

    @Override
    public Decoded decode(IncomingRequest request) {
        JsonNode root = WireJson.parse(request.body());
        String model = WireJson.text(root, "model", "body");
        JsonNode messages = WireJson.array(root, "messages", "body");
        if (messages.isEmpty()) {
            throw new ProtocolViolation("body.messages: must contain at least one message");
        }
        List<ChatMessage> decoded = decodeMessages(messages);
        List<ToolSpec> tools = new ArrayList<>();
        JsonNode toolsNode = root.path("tools");
        for (int i = 0; i < toolsNode.size(); i++) {
            tools.add(decodeTool(toolsNode.get(i), "body.tools[" + i + "]"));
        }
        int maxTokens = root.path("max_completion_tokens").asInt(root.path("max_tokens").asInt(0));
        Optional<String> key = request.header("authorization")
                .filter(h -> h.startsWith("Bearer "))
                .map(h -> h.substring("Bearer ".length()));
        RecordedChat chat = new RecordedChat(model, root.path("stream").asBoolean(false), decoded, tools, maxTokens,
                WireJson.optionalNumber(root, "temperature"), key);
        return new Decoded(chat, root);
    }

    private static List<ChatMessage> decodeMessages(JsonNode messages) {
        List<ChatMessage> result = new ArrayList<>();
        Map<String, String> unanswered = new LinkedHashMap<>();
        Map<String, String> callNames = new LinkedHashMap<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String where = "body.messages[" + i + "]";
            String role = WireJson.text(m, "role", where);
            if (!role.equals("tool") && !unanswered.isEmpty()) {
                throw new ProtocolViolation("An assistant message with 'tool_calls' must be followed by tool "
                        + "messages responding to each 'tool_call_id'. Missing: " + unanswered.keySet()
                        + " before " + where);
            }
            switch (role) {
                case "system", "developer" -> result.add(new ChatMessage.System(content(m, where)));
                case "user" -> result.add(new ChatMessage.User(content(m, where)));
                case "assistant" -> result.add(decodeAssistant(m, where, unanswered, callNames));
                case "tool" -> {
                    String id = WireJson.text(m, "tool_call_id", where);
                    if (unanswered.remove(id) == null) {
                        throw new ProtocolViolation(where + ".tool_call_id: '" + id
                                + "' does not answer a tool call of the preceding assistant message");
                    }
                    result.add(new ChatMessage.ToolResult(id, callNames.get(id), content(m, where), false));
                }
                default -> throw new ProtocolViolation(where + ".role: unknown role '" + role + "'");
            }
        }
        if (!unanswered.isEmpty()) {
            throw new ProtocolViolation("An assistant message with 'tool_calls' must be followed by tool "
                    + "messages responding to each 'tool_call_id'. Missing: " + unanswered.keySet());
        }
        return result;
    }

    private static ChatMessage decodeAssistant(JsonNode m, String where, Map<String, String> unanswered,
                                               Map<String, String> callNames) {
        String text = m.path("content").isNull() || m.path("content").isMissingNode() ? "" : content(m, where);
        List<ToolCall> calls = new ArrayList<>();
        JsonNode toolCalls = m.path("tool_calls");
        for (int j = 0; j < toolCalls.size(); j++) {
            JsonNode call = toolCalls.get(j);
            String cw = where + ".tool_calls[" + j + "]";
            if (!"function".equals(call.path("type").asText())) {
                throw new ProtocolViolation(cw + ".type: expected 'function' but was " + call.get("type"));
            }
            String id = WireJson.text(call, "id", cw);
            String name = WireJson.text(call.path("function"), "name", cw + ".function");
            String arguments = WireJson.text(call.path("function"), "arguments", cw + ".function");
            unanswered.put(id, name);
            callNames.put(id, name);
            calls.add(new ToolCall(id, name, arguments));
        }
        return new ChatMessage.Assistant(text, calls);
    }

    /** A message's content: a string, or an array of {@code {type: text, text}} parts joined. */
    private static String content(JsonNode m, String where) {
        JsonNode content = m.get("content");
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            content.forEach(part -> text.append(WireJson.text(part, "text", where + ".content[]")));
            return text.toString();
        }
        throw new ProtocolViolation(where + ".content: expected a string or an array of parts but was " + content);
    }

    private static ToolSpec decodeTool(JsonNode tool, String where) {
        if (!"function".equals(tool.path("type").asText())) {
            throw new ProtocolViolation(where + ".type: expected 'function' but was " + tool.get("type"));
        }
        JsonNode function = tool.path("function");
        return new ToolSpec(WireJson.text(function, "name", where + ".function"),
                function.path("description").asText(""),
                WireJson.parameters(function.get("parameters"), where + ".function.parameters"));
    }

    @Override
    public List<Frame> frames(Script.Reply reply, Decoded request) {
        String id = "chatcmpl-fake" + IDS.incrementAndGet();
        boolean usageChunk = request.root().path("stream_options").path("include_usage").asBoolean(false);
        ChunkFactory chunks = new ChunkFactory(id, request.chat().model(), usageChunk);
        List<Frame> frames = new ArrayList<>();
        ObjectNode first = WireJson.object().put("role", "assistant").put("content", "");
        frames.add(Frame.framing(chunks.delta(first, null)));
        for (String thought : reply.thinkingChunks()) {
            frames.add(Frame.content(chunks.delta(WireJson.object().put(reply.thinkingField(), thought), null)));
        }
        for (String text : reply.textChunks()) {
            frames.add(Frame.content(chunks.delta(WireJson.object().put("content", text), null)));
        }
        for (int index = 0; index < reply.toolCalls().size(); index++) {
            ScriptedToolCall call = reply.toolCalls().get(index);
            List<String> fragments = call.wireFragments();
            for (int f = 0; f < fragments.size(); f++) {
                ObjectNode entry = WireJson.object().put("index", index);
                if (f == 0) {
                    entry.put("id", call.id()).put("type", "function");
                    entry.putObject("function").put("name", call.name()).put("arguments", fragments.get(f));
                } else {
                    entry.putObject("function").put("arguments", fragments.get(f));
                }
                ObjectNode delta = WireJson.object();
                delta.putArray("tool_calls").add(entry);
                frames.add(Frame.content(chunks.delta(delta, null)));
            }
        }
        frames.add(Frame.tail(chunks.delta(WireJson.object(), finishReason(reply.effectiveFinish()))));
        if (usageChunk) {
            frames.add(Frame.tail(chunks.usage(reply.effectiveUsage())));
        }
        frames.add(Frame.tail("data: [DONE]\n\n"));
        return frames;
    }

    @Override
    public List<Frame> streamError(int status, String message) {
        // vLLM and OpenAI report a failure inside a stream as an error object in place of a chunk
        return List.of(Frame.tail("data: " + errorBody(status, message) + "\n\n"), Frame.tail("data: [DONE]\n\n"));
    }

    @Override
    public String completion(Script.Reply reply, Decoded request) {
        ObjectNode message = WireJson.object().put("role", "assistant");
        if (!reply.thinkingChunks().isEmpty()) {
            message.put(reply.thinkingField(), reply.thinkingText());
        }
        if (reply.text().isEmpty() && !reply.toolCalls().isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", reply.text());
        }
        if (!reply.toolCalls().isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            reply.toolCalls().forEach(c -> {
                ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
            });
        }
        ObjectNode root = WireJson.object().put("id", "chatcmpl-fake" + IDS.incrementAndGet())
                .put("object", "chat.completion").put("created", System.currentTimeMillis() / 1000)
                .put("model", request.chat().model());
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
        choice.set("message", message);
        choice.put("finish_reason", finishReason(reply.effectiveFinish()));
        root.set("usage", usage(reply.effectiveUsage()));
        return WireJson.write(root);
    }

    @Override
    public String errorBody(int status, String message) {
        ObjectNode error = WireJson.object().put("message", message);
        switch (status) {
            case 401 -> error.put("type", "invalid_request_error").put("code", "invalid_api_key");
            case 404 -> error.put("type", "invalid_request_error").put("code", "model_not_found");
            case 429 -> error.put("type", "requests").put("code", "rate_limit_exceeded");
            default -> error.put("type", status >= 500 ? "server_error" : "invalid_request_error").putNull("code");
        }
        error.putNull("param");
        ObjectNode root = WireJson.object();
        root.set("error", error);
        return WireJson.write(root);
    }

    @Override
    public Map<String, String> responseHeaders() {
        return Map.of("x-request-id", "req_fake" + IDS.incrementAndGet());
    }

    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case STOP -> "stop";
            case TOOL_CALLS -> "tool_calls";
            case LENGTH -> "length";
            case CONTENT_FILTER -> "content_filter";
            case CANCELLED, OTHER -> "insufficient_system_resource";
        };
    }

    static ObjectNode usage(TokenUsage usage) {
        return WireJson.object().put("prompt_tokens", usage.inputTokens())
                .put("completion_tokens", usage.outputTokens())
                .put("total_tokens", usage.inputTokens() + usage.outputTokens());
    }

    /** Builds {@code chat.completion.chunk} events sharing one id, timestamp and model. */
    private record ChunkFactory(String id, String model, boolean usageField) {
        String delta(ObjectNode delta, String finishReason) {
            ObjectNode chunk = base();
            ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
            choice.set("delta", delta);
            choice.putNull("logprobs");
            if (finishReason == null) {
                choice.putNull("finish_reason");
            } else {
                choice.put("finish_reason", finishReason);
            }
            if (usageField) {
                chunk.putNull("usage");
            }
            return "data: " + WireJson.write(chunk) + "\n\n";
        }

        String usage(TokenUsage usage) {
            ObjectNode chunk = base();
            chunk.putArray("choices");
            chunk.set("usage", OpenAiWire.usage(usage));
            return "data: " + WireJson.write(chunk) + "\n\n";
        }

        private ObjectNode base() {
            return WireJson.object().put("id", id).put("object", "chat.completion.chunk")
                    .put("created", System.currentTimeMillis() / 1000).put("model", model)
                    .put("system_fingerprint", "fp_fake");
        }
    }
}
