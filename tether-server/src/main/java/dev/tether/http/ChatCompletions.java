package dev.tether.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tether.agent.AgentEvent;
import dev.tether.live.Conversations;
import dev.tether.live.TurnRunner;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.Role;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * The OpenAI-compatible API: {@code GET /v1/models} lists one model (the agent; requests may name any model,
 * there is only one), and {@code POST /v1/chat/completions} answers with the agent, tools included. Each
 * request is one new conversation owned by the caller, titled after the last user message: the request's
 * earlier messages are stored as its history, then the agent answers the last one ({@link ChatRequest} has
 * the parsing rules). Tool calls stay inside the agent; the client gets text only. The response header
 * {@code X-Tether-Conversation} names the conversation, which the REST API and web UI can then open.
 *
 * <p>Unstreamed, the answer is the text of the turn's final assistant message; a client that disconnects
 * before it is ready does not stop the turn (nothing is written until the end, so the server cannot notice),
 * and the reply is stored. Streamed, see {@link CompletionStream}.
 *
 * <p>A failed turn is answered (unstreamed) with 429 when the model was rate limited, 503 when it failed with
 * a server error or was overloaded, 500 for an internal error and 502 otherwise, with the agent's one-sentence
 * message, in OpenAI's error shape.
 */
final class ChatCompletions {
    static final String HEADER = "X-Tether-Conversation";
    private static final String EXAMPLE =
            "{\"model\":\"tether\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";

    private final ConversationStore store;
    private final TurnRunner turns;
    private final Conversations conversations;
    private final String modelId;
    private final long startedAt = Instant.now().getEpochSecond();

    ChatCompletions(ConversationStore store, TurnRunner turns, Conversations conversations, String modelId) {
        this.store = store;
        this.turns = turns;
        this.conversations = conversations;
        this.modelId = modelId;
    }

    /** {@code GET /v1/models}: a list of one, the agent. */
    void models(Context ctx, String user) {
        Json.respond(ctx, 200, g -> {
            g.writeStringField("object", "list");
            g.writeArrayFieldStart("data");
            g.writeStartObject();
            writeModel(g);
            g.writeEndObject();
            g.writeEndArray();
        });
    }

    /** {@code GET /v1/models/{model}}: the agent's model object, 404 {@code model_not_found} for other ids. */
    void model(Context ctx, String user) {
        String id = ctx.pathParam("model");
        if (!id.equals(modelId)) {
            throw new ApiException(404, "model_not_found", "No model '" + id + "' here: this server offers one model, '"
                    + modelId + "' (GET /v1/models).", false, 0);
        }
        Json.respond(ctx, 200, this::writeModel);
    }

    private void writeModel(JsonGenerator g) throws IOException {
        g.writeStringField("id", modelId);
        g.writeStringField("object", "model");
        g.writeNumberField("created", startedAt);
        g.writeStringField("owned_by", "tether");
    }

    /** {@code POST /v1/chat/completions}, streamed or not as the request asks. */
    void complete(Context ctx, String user) throws InterruptedException {
        ChatRequest request = ChatRequest.parse(Json.body(ctx, false, EXAMPLE));
        Conversation conversation = conversations.create(user, request.title());
        List<ChatRequest.Turn> history = request.history();
        long question = 0;
        for (int i = 0; i < history.size(); i++) {
            ChatRequest.Turn t = history.get(i);
            if (t.role() == Role.USER) {
                question = store.appendUserMessage(conversation.id(), clientMessageId(i), t.text()).message().id();
            } else {
                NewMessage answer = NewMessage.assistant(conversation.id(), t.text(), List.of(), MessageStatus.COMPLETE);
                store.appendMessage(question == 0 ? answer : answer.replyingTo(question));
            }
        }
        ApiTurn turn = ApiTurn.start(turns, conversation.id(), clientMessageId(history.size()), request.text());
        CompletionJson json = new CompletionJson("chatcmpl-" + conversation.id(), Instant.now().getEpochSecond(),
                modelId);
        ctx.header(HEADER, conversation.id());
        if (request.stream()) {
            new CompletionStream(json, turn, request.includeUsage()).run(ctx);
            return;
        }
        AgentEvent end;
        try {
            end = turn.awaitEnd();
        } catch (InterruptedException e) {
            turn.cancel();
            throw e;
        }
        switch (end) {
            case AgentEvent.TurnCompleted c -> ctx.status(200).contentType("application/json")
                    .result(json.completion(c.text(), turn.thinking(), c.usage()));
            case AgentEvent.TurnFailed f -> throw failure(f);
            default -> throw new IllegalStateException("Turn ended with " + end.getClass().getSimpleName());
        }
    }

    /** The API error for a failed turn; see the class comment for the statuses. */
    static ApiException failure(AgentEvent.TurnFailed f) {
        int status = switch (f.code()) {
            case "model_rate_limited" -> 429;
            case "model_server_error" -> 503;
            case "internal" -> 500;
            default -> 502;
        };
        return new ApiException(status, f.code(), f.message(), f.retriable(),
                f.retryAfter().map(java.time.Duration::toMillis).orElse(0L));
    }

    private static String clientMessageId(int index) {
        return "openai-" + index;
    }
}
