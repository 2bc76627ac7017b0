package dev.tether.store;

import dev.tether.api.model.ToolCall;
import java.util.List;
import java.util.Optional;

/**
 * Durable storage of conversations, messages and each conversation's event log.
 *
 * <p>Contract:
 * <ul>
 *   <li>Every write method returns only after the write is durable (committed and synced by the store's
 *       durability policy), so a caller may acknowledge input as soon as it returns.</li>
 *   <li>Thread-safe: any number of virtual threads may call concurrently.</li>
 *   <li>Reads are paged: {@code limit} must be 1..{@link #MAX_PAGE}; a larger or smaller value is an
 *       {@link IllegalArgumentException} naming the value.</li>
 *   <li>Unknown conversation ids raise {@link StoreException.NotFound}; other failures raise
 *       {@link StoreException}.</li>
 * </ul>
 */
public interface ConversationStore extends AutoCloseable {

    int MAX_PAGE = 500;

    /** Creates a conversation owned by {@code owner} (a user id, or a channel key such as {@code qq:123}). */
    Conversation createConversation(String owner, String title);

    Optional<Conversation> conversation(String id);

    /** The owner's conversations, most recently updated first. */
    Page<Conversation> conversations(String owner, Optional<String> cursor, int limit);

    /** Longest {@code text} accepted by {@link #search}. */
    int MAX_SEARCH_QUERY = 200;

    /**
     * The owner's conversations whose title, or one of whose user or assistant messages, contains {@code text},
     * most recently updated first; each with the newest such message and a snippet of it ({@link MessageMatch}),
     * or without one when only the title contains the text. Matching: {@code text} is 1..{@link #MAX_SEARCH_QUERY}
     * characters of any kind, {@code %} and {@code _} included, and letters match ignoring case (all letters on
     * PostgreSQL, ASCII letters on SQLite). A page's cursor continues the same search; a cursor from another read
     * is refused.
     *
     * <p>Tool results (and the arguments of tool calls) are not searched: they are what tools returned, such as
     * whole files, not what the user or the assistant said, and would find conversations by text nobody wrote in
     * them.
     *
     * <p>Cost: there is no full-text index, since messages are rewritten at every streaming checkpoint and an
     * index would be updated on the token path. A search reads the owner's conversations newest first and their
     * messages' text until it has a page, so one that finds little reads all of them: on SQLite 70-110 ms for 1,000
     * conversations of 100 messages of 500 characters (50 MB of text, in the page cache, on 2 cores), a few ms when
     * a page fills from recent conversations.
     *
     * @throws IllegalArgumentException if {@code text} is empty or too long, {@code limit} is out of range, or the
     *         cursor was not returned by this method
     */
    Page<SearchResult> search(String owner, String text, Optional<String> cursor, int limit);

    void renameConversation(String id, String title);

    /**
     * Deletes the conversation with everything stored under it: its messages, its event log and its open jobs
     * (replies and background work). Returns whether there was such a conversation; deleting it again returns
     * false. Afterwards it is an unknown id: writes to it raise {@link StoreException.NotFound}. Stopping work that
     * is running for it is the caller's business.
     */
    boolean deleteConversation(String id);

    /**
     * Stores a user message exactly once per {@code (conversationId, clientMessageId)}: a repeated call with
     * the same client id returns the message stored the first time, with {@link AppendResult#duplicate()}
     * true, and stores nothing.
     */
    AppendResult appendUserMessage(String conversationId, String clientMessageId, String text);

    /** Stores an assistant or tool message (or an assistant placeholder that is still streaming). */
    StoredMessage appendMessage(NewMessage message);

    /**
     * Replaces an assistant message's content, tool calls and status, for example when streaming finishes
     * (tool calls are only known at the end of a stream). Only assistant messages can be updated
     * ({@link IllegalArgumentException} otherwise); the conversation's {@code updatedAt} moves forward.
     */
    void updateMessage(long messageId, String content, List<ToolCall> toolCalls, MessageStatus status);

    /** Like {@link #updateMessage(long, String, List, MessageStatus)}, keeping the message's tool calls. */
    void updateMessage(long messageId, String content, MessageStatus status);

    /**
     * Like {@link #updateMessage(long, String, List, MessageStatus)}, also replacing the message's thinking (what a
     * reasoning model thought before the content; empty for none).
     */
    void updateMessage(long messageId, String content, String thinking, List<ToolCall> toolCalls,
                       MessageStatus status);

    /** Like {@link #updateMessage(long, String, String, List, MessageStatus)}, keeping the message's tool calls. */
    void updateMessage(long messageId, String content, String thinking, MessageStatus status);

    Optional<StoredMessage> message(long messageId);

    /**
     * A page of the conversation's messages, newest first. The page's cursor continues towards older
     * messages; a page without one is the oldest.
     */
    Page<StoredMessage> history(String conversationId, Optional<String> cursor, int limit);

    /** Messages with an id greater than {@code afterMessageId}, oldest first, at most {@code limit}. */
    List<StoredMessage> messagesAfter(String conversationId, long afterMessageId, int limit);

    /**
     * The conversation's message version: every message stored or updated in it raises it by one, in commit
     * order. 0 for a conversation without messages (and for messages stored before versions existed).
     *
     * @throws StoreException.NotFound if there is no such conversation
     */
    long messageVersion(String conversationId);

    /**
     * The messages stored or updated after {@code afterVersion} (see {@link #messageVersion}), each once in its
     * latest state, in the order of their last writes, at most {@code limit}. With an earlier read of the history
     * it keeps a copy of recent messages current: read the version, then the history, then only the changes.
     *
     * @throws StoreException.NotFound if there is no such conversation
     */
    MessageChanges messageChanges(String conversationId, long afterVersion, int limit);

    /**
     * Appends events to the conversation's log and returns them with their positions. Positions are
     * consecutive, start at 1 for a new conversation, and never repeat or go back, even across restarts.
     */
    List<StoredEvent> appendEvents(String conversationId, List<NewEvent> events);

    /** Events with a position greater than {@code afterSeq}, in order, at most {@code limit}. */
    List<StoredEvent> eventsAfter(String conversationId, long afterSeq, int limit);

    /** The conversation's highest event position, 0 if none. */
    long lastEventSeq(String conversationId);

    /** Records that messages up to and including {@code messageId} are summarised into long-term memory. */
    void markSummarised(String conversationId, long messageId);

    /** Releases connections and files. Further calls fail with {@link StoreException}. */
    @Override
    void close();
}
