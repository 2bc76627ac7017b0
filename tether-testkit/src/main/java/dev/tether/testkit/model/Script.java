package dev.tether.testkit.model;

import dev.tether.api.model.FinishReason;
import dev.tether.api.model.TokenUsage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a fake model server does with one chat request, independent of the provider's wire format: each fake
 * renders it in its own protocol. A closed set: a complete {@link Reply}, an {@link HttpError}, or a reply cut
 * short by a {@link Stall}, a {@link Drop} or a {@link StreamError}, or no response at all ({@link Hang}).
 *
 * <p>Chunks are counted in wire order: each thinking chunk, each text chunk, then for each tool call one chunk per
 * argument fragment (the first carries the id and name). Examples:
 * <pre>{@code
 * Script.text("Hel", "lo");                                         // streamed text, finish STOP
 * Script.text("Let me look.").toolCall("call_1", "get_weather", "{\"ci", "ty\":\"Paris\"}");
 * Script.text("a", "b", "c").chunkDelay(Duration.ofMillis(50)).usage(12, 3);
 * Script.error(429, "Slow down").retryAfter(Duration.ofSeconds(7));
 * Script.text("a", "b", "c").dropAfter(2);                          // TCP close after two chunks
 * Script.text("a", "b").errorAfter(1, 529, "Overloaded");           // error event inside the stream
 * Script.text("42.").thinking("Six ", "times seven.");               // reasoning_content first, then the text
 * Script.stall();                                                    // headers + first event, then silence
 * Script.hang();                                                     // not even a status line
 * }</pre>
 */
public sealed interface Script
        permits Script.Reply, Script.HttpError, Script.Stall, Script.Drop, Script.StreamError, Script.Hang {

    /** A streamed reply of text chunks and then zero or more tool calls. */
    static Reply text(String... chunks) {
        return new Reply(List.of(), List.of(chunks), List.of(), Optional.empty(), Optional.empty(), Duration.ZERO,
                Reply.REASONING_CONTENT);
    }

    /** A reply that is only one tool call, its arguments split into the given fragments. */
    static Reply toolCall(String id, String name, String... argumentFragments) {
        return text().toolCall(id, name, argumentFragments);
    }

    /** An HTTP error answered before any streaming, in the provider's error format. */
    static HttpError error(int status, String message) {
        return new HttpError(status, message, Optional.empty());
    }

    /** Response headers and the first event, then nothing until the client gives up. */
    static Stall stall() {
        return text("(never sent)").stallAfter(0);
    }

    /** Reads the request and sends nothing at all, not even a status line, until the client gives up. */
    static Hang hang() {
        return new Hang();
    }

    /**
     * A complete reply.
     *
     * @param usage token counts to report; empty reports input 10 and output = number of chunks
     * @param finish the finish reason to report; empty means TOOL_CALLS if there are tool calls, else STOP
     * @param chunkDelay pause before every chunk after the first
     * @param thinkingChunks reasoning streamed before the text: OpenAI-compatible servers send it in the delta
     *     field {@code thinkingField}, Anthropic as a {@code thinking} content block
     * @param thinkingField {@value #REASONING_CONTENT} (vLLM, DeepSeek, llama.cpp) or {@value #REASONING} (newer
     *     vLLM, Ollama, OpenRouter)
     */
    record Reply(List<String> thinkingChunks, List<String> textChunks, List<ScriptedToolCall> toolCalls,
                 Optional<TokenUsage> usage, Optional<FinishReason> finish, Duration chunkDelay, String thinkingField)
            implements Script {
        public static final String REASONING_CONTENT = "reasoning_content";
        public static final String REASONING = "reasoning";

        public Reply {
            thinkingChunks = List.copyOf(thinkingChunks);
            textChunks = List.copyOf(textChunks);
            if (!thinkingField.equals(REASONING_CONTENT) && !thinkingField.equals(REASONING)) {
                throw new IllegalArgumentException("thinkingField must be reasoning_content or reasoning: "
                        + thinkingField);
            }
            toolCalls = List.copyOf(toolCalls);
            Objects.requireNonNull(usage, "usage");
            Objects.requireNonNull(finish, "finish");
            if (chunkDelay.isNegative()) {
                throw new IllegalArgumentException("chunkDelay < 0: " + chunkDelay);
            }
            if (finish.isPresent() && finish.get() == FinishReason.CANCELLED) {
                throw new IllegalArgumentException("A server cannot report CANCELLED; use stall() or dropAfter()");
            }
        }

        /** Adds a tool call after the text and any earlier tool calls. */
        public Reply toolCall(String id, String name, String... argumentFragments) {
            List<ScriptedToolCall> calls = new ArrayList<>(toolCalls);
            calls.add(new ScriptedToolCall(id, name, Arrays.asList(argumentFragments)));
            return new Reply(thinkingChunks, textChunks, calls, usage, finish, chunkDelay, thinkingField);
        }

        /** Streams these chunks of reasoning before the text, in the {@code reasoning_content} field. */
        public Reply thinking(String... chunks) {
            return new Reply(List.of(chunks), textChunks, toolCalls, usage, finish, chunkDelay, thinkingField);
        }

        /** Sends the thinking chunks in {@code field} ({@link #REASONING_CONTENT} or {@link #REASONING}). */
        public Reply thinkingField(String field) {
            return new Reply(thinkingChunks, textChunks, toolCalls, usage, finish, chunkDelay, field);
        }

        public Reply chunkDelay(Duration delay) {
            return new Reply(thinkingChunks, textChunks, toolCalls, usage, finish, delay, thinkingField);
        }

        public Reply usage(int inputTokens, int outputTokens) {
            return new Reply(thinkingChunks, textChunks, toolCalls, Optional.of(new TokenUsage(inputTokens,
                    outputTokens)), finish, chunkDelay, thinkingField);
        }

        public Reply finish(FinishReason reason) {
            return new Reply(thinkingChunks, textChunks, toolCalls, usage, Optional.of(reason), chunkDelay,
                    thinkingField);
        }

        /** Sends the first {@code chunks} chunks, then goes silent until the client gives up. */
        public Stall stallAfter(int chunks) {
            return new Stall(this, chunks);
        }

        /** Sends the first {@code chunks} chunks, then closes the TCP connection without ending the stream. */
        public Drop dropAfter(int chunks) {
            return new Drop(this, chunks);
        }

        /**
         * Sends the first {@code chunks} chunks, then an error event inside the stream (Anthropic's
         * {@code event: error}, OpenAI-compatible servers' {@code data: {"error": ...}}), then ends the stream.
         */
        public StreamError errorAfter(int chunks, int status, String message) {
            return new StreamError(this, chunks, status, message);
        }

        /** All text chunks joined: what the client should report as the reply text. */
        public String text() {
            return String.join("", textChunks);
        }

        /** All thinking chunks joined: what the client should report as the reply's thinking. */
        public String thinkingText() {
            return String.join("", thinkingChunks);
        }

        public int chunkCount() {
            return thinkingChunks.size() + textChunks.size() + toolCalls.stream().mapToInt(c -> c.wireFragments().size()).sum();
        }

        public TokenUsage effectiveUsage() {
            return usage.orElse(new TokenUsage(10, chunkCount()));
        }

        public FinishReason effectiveFinish() {
            return finish.orElse(toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS);
        }
    }

    /**
     * An HTTP error status with a body in the provider's error format.
     *
     * @param retryAfter sent as a {@code Retry-After} header in whole seconds when present
     */
    record HttpError(int status, String message, Optional<Duration> retryAfter) implements Script {
        public HttpError {
            if (status < 400 || status > 599) {
                throw new IllegalArgumentException("HttpError status must be 4xx or 5xx: " + status);
            }
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(retryAfter, "retryAfter");
        }

        public HttpError retryAfter(Duration delay) {
            return new HttpError(status, message, Optional.of(delay));
        }
    }

    /** Sends the response head, the first event and {@code afterChunks} chunks of {@code reply}, then nothing. */
    record Stall(Reply reply, int afterChunks) implements Script {
        public Stall {
            Objects.requireNonNull(reply, "reply");
            if (afterChunks < 0) {
                throw new IllegalArgumentException("afterChunks < 0: " + afterChunks);
            }
        }
    }

    /** Sends {@code afterChunks} chunks of {@code reply}, then closes the TCP connection abruptly. */
    record Drop(Reply reply, int afterChunks) implements Script {
        public Drop {
            Objects.requireNonNull(reply, "reply");
            if (afterChunks < 0) {
                throw new IllegalArgumentException("afterChunks < 0: " + afterChunks);
            }
        }
    }

    /**
     * Sends {@code afterChunks} chunks of {@code reply}, then an error event in the provider's stream format
     * for {@code status} (529 or 503 overloaded, 429 rate limited, other 5xx server error), then ends the stream.
     */
    record StreamError(Reply reply, int afterChunks, int status, String message) implements Script {
        public StreamError {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(message, "message");
            if (afterChunks < 0) {
                throw new IllegalArgumentException("afterChunks < 0: " + afterChunks);
            }
        }
    }

    /**
     * Sends no response at all until the client closes the connection, like a server still loading its model
     * (Ollama holds the response head that long). The client's giving up counts in
     * {@link FakeModelServer#clientAborts()}.
     */
    record Hang() implements Script { }
}
