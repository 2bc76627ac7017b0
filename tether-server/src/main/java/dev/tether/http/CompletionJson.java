package dev.tether.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tether.api.model.TokenUsage;
import dev.tether.live.Frames;
import java.io.IOException;

/**
 * OpenAI's response bodies for one chat completion: the non-streamed {@code chat.completion}, the streamed
 * {@code chat.completion.chunk}s and the usage chunk. Every body of one request shares {@code id} (it is
 * {@code chatcmpl-} plus the conversation id, so a reply can be found in Tether), {@code created} (epoch
 * seconds) and {@code model}.
 */
record CompletionJson(String id, long created, String model) {
    /** Where vLLM, DeepSeek and llama.cpp put a reasoning model's thinking; clients such as Open WebUI read it. */
    static final String REASONING = "reasoning_content";

    /**
     * {@code {"id", "object": "chat.completion", ..., "choices": [{message, finish_reason}], "usage"}}; the message
     * has {@code reasoning_content} when the model thought aloud (as vLLM and DeepSeek answer).
     */
    String completion(String text, String thinking, TokenUsage usage) {
        return Json.object(g -> {
            head(g, "chat.completion");
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeStringField("content", text);
            if (!thinking.isEmpty()) {
                g.writeStringField(REASONING, thinking);
            }
            g.writeEndObject();
            g.writeStringField("finish_reason", "stop");
            g.writeEndObject();
            g.writeEndArray();
            usage(g, usage);
        });
    }

    /** The first chunk: {@code delta: {"role": "assistant", "content": ""}}. */
    String roleChunk() {
        return chunk(g -> {
            g.writeStringField("role", "assistant");
            g.writeStringField("content", "");
        }, null);
    }

    /** A chunk carrying {@code delta: {"content": text}}. */
    String textChunk(String text) {
        return chunk(g -> g.writeStringField("content", text), null);
    }

    /** A chunk carrying {@code delta: {"reasoning_content": text}}: a piece of the model's thinking. */
    String thinkingChunk(String text) {
        return chunk(g -> g.writeStringField(REASONING, text), null);
    }

    /** The last chunk of a reply: an empty delta and {@code finish_reason}. */
    String finishChunk() {
        return chunk(Frames.Body.EMPTY, "stop");
    }

    /** Sent after the finish chunk when the request asked for {@code stream_options.include_usage}. */
    String usageChunk(TokenUsage usage) {
        return Json.object(g -> {
            head(g, "chat.completion.chunk");
            g.writeArrayFieldStart("choices");
            g.writeEndArray();
            usage(g, usage);
        });
    }

    private String chunk(Frames.Body delta, String finishReason) {
        return Json.object(g -> {
            head(g, "chat.completion.chunk");
            g.writeArrayFieldStart("choices");
            g.writeStartObject();
            g.writeNumberField("index", 0);
            g.writeObjectFieldStart("delta");
            delta.write(g);
            g.writeEndObject();
            if (finishReason == null) {
                g.writeNullField("finish_reason");
            } else {
                g.writeStringField("finish_reason", finishReason);
            }
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    private void head(JsonGenerator g, String object) throws IOException {
        g.writeStringField("id", id);
        g.writeStringField("object", object);
        g.writeNumberField("created", created);
        g.writeStringField("model", model);
    }

    private static void usage(JsonGenerator g, TokenUsage usage) throws IOException {
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", usage.inputTokens());
        g.writeNumberField("completion_tokens", usage.outputTokens());
        g.writeNumberField("total_tokens", usage.inputTokens() + usage.outputTokens());
        g.writeEndObject();
    }
}
