package dev.tether.live;

import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.StoreException;
import java.util.Objects;

/**
 * Conversations as a whole, the same for every API (REST, WebSocket, OpenAI-compatible): created, renamed,
 * deleted. Each change goes to the owner's feed, every connection the owner has open that asked for list updates,
 * whether it follows that conversation or not, so every tab and device keeps its conversation list current
 * without asking again: {@code conversation_updated} (created or renamed) and {@code conversation_deleted}
 * (connections that follow a deleted conversation without asking for list updates are told by its hub). Callers
 * check ownership first. Thread-safe.
 */
public final class Conversations {

    /** Where changes go: every open connection of {@code user} that asked for list updates (the gateway). */
    @FunctionalInterface
    public interface Feed {
        void toUser(String user, OutboundFrame frame);
    }

    private final ConversationStore store;
    private final TurnRunner turns;
    private volatile Feed feed = (user, frame) -> { };

    public Conversations(ConversationStore store, TurnRunner turns) {
        this.store = Objects.requireNonNull(store, "store");
        this.turns = Objects.requireNonNull(turns, "turns");
    }

    /** Sends changes to {@code feed} from now on (until then they go nowhere). */
    public void feed(Feed feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    /** Creates a conversation owned by {@code owner} and tells the owner's connections. */
    public Conversation create(String owner, String title) {
        Conversation created = store.createConversation(owner, title);
        feed.toUser(owner, updated(created));
        return created;
    }

    /** Renames {@code c} and tells the owner's connections; returns it as stored now. */
    public Conversation rename(Conversation c, String title) {
        store.renameConversation(c.id(), title);
        Conversation renamed = store.conversation(c.id()).orElseThrow(() -> new StoreException.NotFound(
                "Conversation '" + c.id() + "' was deleted while it was being renamed."));
        feed.toUser(c.owner(), updated(renamed));
        return renamed;
    }

    /**
     * Deletes {@code c} with everything it has running or stored ({@link TurnRunner#delete}) and tells the owner's
     * connections ({@code conversation_deleted}, after the stopped reply's {@code turn_completed} on connections
     * that follow it). Returns whether it was still there.
     */
    public boolean delete(Conversation c) {
        boolean existed = turns.delete(c.id());
        if (existed) {
            feed.toUser(c.owner(), OutboundFrame.control(Frames.object("conversation_deleted",
                    g -> g.writeStringField("conversation", c.id()))));
        }
        return existed;
    }

    private static OutboundFrame updated(Conversation c) {
        return OutboundFrame.control(Frames.object("conversation_updated", g -> {
            g.writeStringField("conversation", c.id());
            g.writeStringField("title", c.title());
            g.writeNumberField("createdAt", c.createdAt().toEpochMilli());
            g.writeNumberField("updatedAt", c.updatedAt().toEpochMilli());
        }));
    }
}
