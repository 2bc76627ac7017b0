package dev.tether.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.live.MessageJson;
import dev.tether.live.Conversations;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageMatch;
import dev.tether.store.Page;
import dev.tether.store.SearchResult;
import dev.tether.store.StoredMessage;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The REST API for conversations: list, create, read, rename, delete, export, and page back through messages. A user sees only
 * conversations they own; another user's conversation and an unknown id get the same 404, so ids cannot be
 * probed. Conversations are {@code {"id", "title", "createdAt", "updatedAt"}} (epoch milliseconds), plus a
 * {@code "match"} in search results found through a message; messages are the protocol's Message shape
 * ({@link MessageJson}).
 */
final class ConversationRoutes {
    static final int MAX_TITLE = 200;
    private static final String DEFAULT_TITLE = "New chat";

    private final ConversationStore store;
    private final Conversations conversations;
    private final ConversationExport export;

    ConversationRoutes(ConversationStore store, Conversations conversations) {
        this.store = store;
        this.conversations = conversations;
        this.export = new ConversationExport(store, Clock.systemUTC());
    }

    /**
     * {@code GET /api/conversations?q=&cursor=&limit=}: the user's conversations, most recently updated first; with
     * {@code q}, only those whose title or user and assistant messages contain it (ignoring case), each found through
     * a message with {@code "match": {"messageId", "role", "snippet", "at"}}. {@code next} continues the same query.
     */
    void list(Context ctx, String user) {
        int limit = Paging.limit(ctx);
        Optional<String> cursor = Paging.cursor(ctx);
        Optional<String> query = Optional.ofNullable(ctx.queryParam("q")).map(String::strip).filter(q -> !q.isEmpty());
        if (query.isPresent()) {
            search(ctx, user, query.get(), cursor, limit);
            return;
        }
        Page<Conversation> page = Paging.read(() -> store.conversations(user, cursor, limit));
        Json.respond(ctx, 200, g -> {
            g.writeArrayFieldStart("items");
            for (Conversation c : page.items()) {
                writeConversation(g, c);
            }
            g.writeEndArray();
            Paging.writeNext(g, page);
        });
    }

    private void search(Context ctx, String user, String query, Optional<String> cursor, int limit) {
        if (query.length() > ConversationStore.MAX_SEARCH_QUERY) {
            throw ApiException.invalid("Query parameter 'q' must be at most " + ConversationStore.MAX_SEARCH_QUERY
                    + " characters but had " + query.length() + ". Search for a shorter part of a title or message.");
        }
        Page<SearchResult> page = Paging.read(() -> store.search(user, query, cursor, limit));
        Json.respond(ctx, 200, g -> {
            g.writeArrayFieldStart("items");
            for (SearchResult r : page.items()) {
                g.writeStartObject();
                writeFields(g, r.conversation());
                if (r.match().isPresent()) {
                    writeMatch(g, r.match().get());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            Paging.writeNext(g, page);
        });
    }

    /** {@code POST /api/conversations} with an optional {@code {"title"}}: 201 and the new conversation. */
    void create(Context ctx, String user) {
        ObjectNode body = Json.body(ctx, true, "{\"title\":\"Trip to Kyoto\"}");
        String title = Json.optionalString(body, "title", "title").map(String::strip).filter(t -> !t.isEmpty())
                .map(ConversationRoutes::clip).orElse(DEFAULT_TITLE);
        Conversation created = conversations.create(user, title);
        Json.respond(ctx, 201, g -> writeFields(g, created));
    }

    /** {@code GET /api/conversations/{id}}. */
    void get(Context ctx, String user) {
        Conversation c = owned(ctx.pathParam("id"), user);
        Json.respond(ctx, 200, g -> writeFields(g, c));
    }

    /** {@code PATCH /api/conversations/{id}} with {@code {"title"}}: renames, answers the conversation. */
    void rename(Context ctx, String user) {
        Conversation c = owned(ctx.pathParam("id"), user);
        ObjectNode body = Json.body(ctx, false, "{\"title\":\"Trip to Kyoto\"}");
        String title = Json.optionalString(body, "title", "title").map(String::strip).filter(t -> !t.isEmpty())
                .orElseThrow(() -> ApiException.invalid("Field 'title' is required and must be a non-blank string "
                        + "(at most " + MAX_TITLE + " characters are kept)."));
        Conversation renamed = conversations.rename(c, clip(title));
        Json.respond(ctx, 200, g -> writeFields(g, renamed));
    }

    /** {@code GET /api/conversations/{id}/export?format=markdown|json}: the whole conversation as an attachment. */
    void export(Context ctx, String user) {
        export.export(ctx, owned(ctx.pathParam("id"), user));
    }

    /**
     * {@code DELETE /api/conversations/{id}}: 204. Stops its running reply, drops its queued ones, deletes it with
     * its messages, and tells every connection of the user ({@code conversation_deleted}).
     */
    void delete(Context ctx, String user) {
        String id = ctx.pathParam("id");
        if (!conversations.delete(owned(id, user))) {
            throw ApiException.notFound(id); // deleted by another request meanwhile
        }
        ctx.status(204);
    }

    /**
     * {@code GET /api/conversations/{id}/messages?cursor=&limit=}: a page of messages, oldest first within the
     * page; {@code next} continues towards older messages and is absent on the oldest page.
     */
    void messages(Context ctx, String user) {
        String id = ctx.pathParam("id");
        owned(id, user);
        int limit = Paging.limit(ctx);
        Optional<String> cursor = Paging.cursor(ctx);
        Page<StoredMessage> page = Paging.read(() -> store.history(id, cursor, limit));
        List<StoredMessage> oldestFirst = page.items().reversed();
        Json.respond(ctx, 200, g -> {
            g.writeArrayFieldStart("items");
            for (StoredMessage m : oldestFirst) {
                MessageJson.write(g, m);
            }
            g.writeEndArray();
            Paging.writeNext(g, page);
        });
    }

    private Conversation owned(String id, String user) {
        return store.conversation(id).filter(c -> c.owner().equals(user))
                .orElseThrow(() -> ApiException.notFound(id));
    }

    private static String clip(String title) {
        return title.length() > MAX_TITLE ? title.substring(0, MAX_TITLE) : title;
    }

    private static void writeConversation(JsonGenerator g, Conversation c) throws IOException {
        g.writeStartObject();
        writeFields(g, c);
        g.writeEndObject();
    }

    private static void writeMatch(JsonGenerator g, MessageMatch m) throws IOException {
        g.writeObjectFieldStart("match");
        g.writeNumberField("messageId", m.messageId());
        g.writeStringField("role", m.role().name().toLowerCase(Locale.ROOT));
        g.writeStringField("snippet", m.snippet());
        g.writeNumberField("at", m.createdAt().toEpochMilli());
        g.writeEndObject();
    }

    private static void writeFields(JsonGenerator g, Conversation c) throws IOException {
        g.writeStringField("id", c.id());
        g.writeStringField("title", c.title());
        g.writeNumberField("createdAt", c.createdAt().toEpochMilli());
        g.writeNumberField("updatedAt", c.updatedAt().toEpochMilli());
    }
}
