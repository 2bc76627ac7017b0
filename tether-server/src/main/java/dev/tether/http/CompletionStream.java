package dev.tether.http;

import dev.tether.agent.AgentEvent;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one turn as OpenAI's server-sent events, on the request's thread: {@code data: <chunk>} and a blank
 * line per event, flushed one by one. The first chunk carries {@code delta.role}, one chunk follows per text
 * delta (all of the turn's assistant text, including text written before tool calls), then a chunk with
 * {@code finish_reason: "stop"}, the usage chunk if asked for, and {@code data: [DONE]}. A failed turn ends
 * with {@code data: {"error": {...}}} in OpenAI's shape and {@code data: [DONE]}.
 *
 * <p>While nothing happens (a tool running, a slow first token) a comment line ({@code : keep-alive}) is
 * written every {@link #KEEP_ALIVE}, which SSE clients ignore; it keeps proxies from closing the stream and
 * reveals a client that left. A failed write means the client has gone: the turn is cancelled.
 */
final class CompletionStream {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(CompletionStream.class);

    private final CompletionJson json;
    private final ApiTurn turn;
    private final boolean includeUsage;

    CompletionStream(CompletionJson json, ApiTurn turn, boolean includeUsage) {
        this.json = json;
        this.turn = turn;
        this.includeUsage = includeUsage;
    }

    /** Writes the whole stream; returns when the turn has ended or the client has gone. */
    void run(Context ctx) throws InterruptedException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no"); // nginx: pass each event on at once
        try {
            OutputStream out = res.getOutputStream();
            data(out, json.roleChunk());
            boolean ended = false;
            while (!ended) {
                ended = relay(out, turn.next(KEEP_ALIVE));
            }
        } catch (IOException e) {
            turn.cancel();
            LOG.info("Client of {} left mid-stream ({}); stopping its turn", json.id(), e.toString());
        } catch (InterruptedException e) {
            turn.cancel();
            throw e;
        }
    }

    /** Writes one event (or a keep-alive if none came); returns true after the last one. */
    private boolean relay(OutputStream out, Optional<AgentEvent> next) throws IOException {
        if (next.isEmpty()) {
            write(out, ": keep-alive\n\n");
            return false;
        }
        switch (next.get()) {
            case AgentEvent.TextDelta d when !d.text().isEmpty() -> data(out, json.textChunk(d.text()));
            case AgentEvent.ThinkingDelta d when !d.text().isEmpty() -> data(out, json.thinkingChunk(d.text()));
            case AgentEvent.TurnCompleted c -> {
                data(out, json.finishChunk());
                if (includeUsage) {
                    data(out, json.usageChunk(c.usage()));
                }
                data(out, "[DONE]");
                return true;
            }
            case AgentEvent.TurnFailed f -> {
                data(out, Json.object(ErrorDialect.OPENAI.body(ChatCompletions.failure(f))));
                data(out, "[DONE]");
                return true;
            }
            default -> {
                // turn start, empty deltas and tool calls: the agent runs tools itself, clients see only text
            }
        }
        return false;
    }

    private static void data(OutputStream out, String payload) throws IOException {
        write(out, "data: " + payload + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
