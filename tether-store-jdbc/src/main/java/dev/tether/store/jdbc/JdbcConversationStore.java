package dev.tether.store.jdbc;

import dev.tether.api.model.ToolCall;
import dev.tether.store.AccessStore;
import dev.tether.store.AppendResult;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.IssuedToken;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.MessageChanges;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewEvent;
import dev.tether.store.NewJob;
import dev.tether.store.NewMessage;
import dev.tether.store.NewUserMessage;
import dev.tether.store.Page;
import dev.tether.store.Role;
import dev.tether.store.SearchResult;
import dev.tether.store.StoreException;
import dev.tether.store.StoredEvent;
import dev.tether.store.StoredJob;
import dev.tether.store.StoredMessage;
import dev.tether.store.Submitted;
import dev.tether.store.TokenInfo;
import dev.tether.store.TokenOwner;
import dev.tether.store.User;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.JdbiException;

/**
 * A {@link ConversationStore} and {@link AccessStore} over JDBC, on one database and one set of connections;
 * the SQLite and PostgreSQL stores extend it and supply connections.
 *
 * <p>Every write runs in one transaction that first locks the conversation's row
 * ({@link #lockConversationSql()}), so per conversation: a user message's client id is checked and
 * inserted without a race, event positions are handed out in commit order without gaps, and message ids
 * are assigned in commit order (a reader tailing with {@code messagesAfter} never skips one). Writes
 * return after the commit. Conversation ids are random UUID strings.
 *
 * <p>Beyond the interface: {@code renameConversation}, {@code appendUserMessage} (when not a duplicate),
 * {@code appendMessage} and {@code updateMessage} set the conversation's {@code updatedAt};
 * {@code updateMessage} accepts only assistant messages; {@code markSummarised} never moves backwards and
 * requires the message to belong to the conversation. Database failures become {@link StoreException}
 * naming the operation and the database.
 *
 * <p>Users and tokens live in the {@code users} and {@code access_tokens} tables (migration V2); token ids
 * are 16 random hex digits, and the secret's SHA-256 is the only trace of the secret in the database.
 */
public abstract class JdbcConversationStore implements ConversationStore, AccessStore, JobStore {
    private static final String RETRY_HINT = " Retry the call; a repeated appendUserMessage is deduplicated.";

    private final String location;
    private final Clock clock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AccessOperations access;
    private final JobOperations jobs = new JobOperations(this);
    private final ConversationSearch search = new ConversationSearch(this);

    /**
     * @param location the database as shown in error messages, e.g. {@code SQLite database /var/tether.db}
     * @param clock the source of created/updated times
     */
    protected JdbcConversationStore(String location, Clock clock) {
        this.location = Objects.requireNonNull(location, "location");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.access = new AccessOperations(this, clock);
    }

    /** Runs {@code work} in a write transaction and commits it before returning; serialised as the database needs. */
    protected abstract <R> R inWriteTransaction(HandleCallback<R, RuntimeException> work);

    /** Runs {@code work} on a handle for reading, without an explicit transaction. */
    protected abstract <R> R withReadHandle(HandleCallback<R, RuntimeException> work);

    /**
     * Runs {@code work}, a read of rows that were written moments ago (a turn catching up with its conversation's
     * newest messages), where such reads are cheapest; it must not write. By default the same as
     * {@link #withReadHandle}.
     */
    protected <R> R withReadOfRecentWrites(HandleCallback<R, RuntimeException> work) {
        return withReadHandle(work);
    }

    /**
     * A query with parameter {@code :id} that returns the conversation's {@code last_event_seq} and holds a
     * lock on its row until the transaction ends, so writers to one conversation take turns.
     */
    protected abstract String lockConversationSql();

    /** Closes connections and files; called once, by {@link #close()}. */
    protected abstract void release();

    @Override
    public Conversation createConversation(String owner, String title) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(title, "title");
        Instant now = now();
        Conversation conversation = new Conversation(UUID.randomUUID().toString(), owner, title, now, now, 0);
        return write("createConversation", h -> {
            ConversationSql.insert(h, conversation);
            return conversation;
        });
    }

    @Override
    public Optional<Conversation> conversation(String id) {
        Objects.requireNonNull(id, "id");
        return read("conversation", h -> ConversationSql.find(h, id));
    }

    @Override
    public Page<Conversation> conversations(String owner, Optional<String> cursor, int limit) {
        Objects.requireNonNull(owner, "owner");
        checkLimit(limit);
        Optional<Cursors.ConversationPosition> after = cursor.map(Cursors::conversationsAfter);
        List<Conversation> rows = read("conversations", h -> ConversationSql.page(h, owner, after, limit + 1));
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        Conversation last = rows.get(limit - 1);
        return new Page<>(rows.subList(0, limit),
                Optional.of(Cursors.conversations(last.updatedAt().toEpochMilli(), last.id())));
    }

    @Override
    public Page<SearchResult> search(String owner, String text, Optional<String> cursor, int limit) {
        return search.search(owner, text, cursor, limit);
    }

    @Override
    public void renameConversation(String id, String title) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        write("renameConversation", h -> {
            if (ConversationSql.rename(h, id, title, now().toEpochMilli()) == 0) {
                throw conversationNotFound(id);
            }
            return null;
        });
    }

    @Override
    public boolean deleteConversation(String id) {
        Objects.requireNonNull(id, "id");
        return write("deleteConversation", h -> ConversationSql.delete(h, id) > 0);
    }

    @Override
    public AppendResult appendUserMessage(String conversationId, String clientMessageId, String text) {
        Objects.requireNonNull(conversationId, "conversationId");
        Objects.requireNonNull(clientMessageId, "clientMessageId");
        Objects.requireNonNull(text, "text");
        checkClientMessageId(conversationId, clientMessageId);
        return write("appendUserMessage", h -> appendUser(h, new NewUserMessage(conversationId, clientMessageId,
                text)));
    }

    /**
     * In a write transaction: stores the user message unless its client id is already there; a new message that
     * edits a question is checked first ({@link EditCheck}).
     */
    AppendResult appendUser(Handle h, NewUserMessage m) {
        String conversationId = m.conversationId();
        checkClientMessageId(conversationId, m.clientMessageId());
        lockConversation(h, conversationId);
        // Under the row lock no other transaction can insert this client id before we commit.
        Optional<StoredMessage> existing = MessageSql.findByClientId(h, conversationId, m.clientMessageId());
        if (existing.isPresent()) {
            return new AppendResult(existing.get(), true);
        }
        m.replaces().ifPresent(question -> EditCheck.check(h, conversationId, question));
        Instant now = now();
        long version = ConversationSql.touchMessages(h, conversationId, now.toEpochMilli());
        StoredMessage message = MessageSql.insert(h, new StoredMessage(0, conversationId, Role.USER, m.text(),
                List.of(), Optional.empty(), Optional.empty(), MessageStatus.COMPLETE,
                Optional.of(m.clientMessageId()), now, Optional.empty(), m.replaces()), version);
        return new AppendResult(message, false);
    }

    @Override
    public StoredMessage appendMessage(NewMessage m) {
        Objects.requireNonNull(m, "message");
        return write("appendMessage", h -> {
            lockConversation(h, m.conversationId());
            if (m.replyTo().isPresent() && !MessageSql.existsIn(h, m.conversationId(), m.replyTo().get())) {
                throw new IllegalArgumentException("Message " + m.replyTo().get() + " (replyTo) is not a message of"
                        + " conversation " + m.conversationId() + "; a reply can only answer a message of its own"
                        + " conversation.");
            }
            Instant now = now();
            long version = ConversationSql.touchMessages(h, m.conversationId(), now.toEpochMilli());
            StoredMessage message = MessageSql.insert(h, new StoredMessage(0, m.conversationId(), m.role(),
                    m.content(), m.toolCalls(), m.toolCallId(), m.toolName(), m.status(), Optional.empty(), now,
                    m.replyTo(), Optional.empty(), m.thinking()), version);
            return message;
        });
    }

    @Override
    public void updateMessage(long messageId, String content, MessageStatus status) {
        update(messageId, content, Optional.empty(), Optional.empty(), status);
    }

    @Override
    public void updateMessage(long messageId, String content, List<ToolCall> toolCalls, MessageStatus status) {
        update(messageId, content, Optional.empty(), Optional.of(List.copyOf(toolCalls)), status);
    }

    @Override
    public void updateMessage(long messageId, String content, String thinking, List<ToolCall> toolCalls,
                              MessageStatus status) {
        update(messageId, content, Optional.of(thinking), Optional.of(List.copyOf(toolCalls)), status);
    }

    @Override
    public void updateMessage(long messageId, String content, String thinking, MessageStatus status) {
        update(messageId, content, Optional.of(thinking), Optional.empty(), status);
    }

    private void update(long messageId, String content, Optional<String> thinking,
                        Optional<List<ToolCall>> toolCalls, MessageStatus status) {
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(status, "status");
        write("updateMessage", h -> {
            MessageSql.Head current = MessageSql.head(h, messageId).orElseThrow(() -> new StoreException.NotFound(
                    "No message with id " + messageId + " to update. Check the id returned by appendMessage."));
            if (current.role() != Role.ASSISTANT) {
                throw new IllegalArgumentException("Message " + messageId + " is a " + current.role()
                        + " message; only assistant messages can be updated.");
            }
            lockConversation(h, current.conversationId());
            long version = ConversationSql.touchMessages(h, current.conversationId(), now().toEpochMilli());
            MessageSql.update(h, messageId, content, thinking, toolCalls, status, version);
            return null;
        });
    }

    @Override
    public Optional<StoredMessage> message(long messageId) {
        return read("message", h -> MessageSql.find(h, messageId));
    }

    @Override
    public Page<StoredMessage> history(String conversationId, Optional<String> cursor, int limit) {
        Objects.requireNonNull(conversationId, "conversationId");
        checkLimit(limit);
        Optional<Long> before = cursor.map(c -> Cursors.historyBefore(conversationId, c));
        List<StoredMessage> rows = read("history", h ->
                requireFound(h, conversationId, MessageSql.newestFirst(h, conversationId, before, limit + 1)));
        if (rows.size() <= limit) {
            return new Page<>(rows, Optional.empty());
        }
        return new Page<>(rows.subList(0, limit),
                Optional.of(Cursors.history(conversationId, rows.get(limit - 1).id())));
    }

    @Override
    public List<StoredMessage> messagesAfter(String conversationId, long afterMessageId, int limit) {
        Objects.requireNonNull(conversationId, "conversationId");
        checkLimit(limit);
        return read("messagesAfter", h ->
                requireFound(h, conversationId, MessageSql.after(h, conversationId, afterMessageId, limit)));
    }

    @Override
    public long messageVersion(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return read("messageVersion", h -> ConversationSql.messageVersion(h, conversationId))
                .orElseThrow(() -> conversationNotFound(conversationId));
    }

    @Override
    public MessageChanges messageChanges(String conversationId, long afterVersion, int limit) {
        Objects.requireNonNull(conversationId, "conversationId");
        checkLimit(limit);
        if (afterVersion < 0) {
            throw new IllegalArgumentException("afterVersion < 0: " + afterVersion
                    + "; pass 0 or a version from messageVersion or an earlier messageChanges.");
        }
        List<MessageSql.Versioned> rows = readRecentWrites("messageChanges", h -> requireFound(h, conversationId,
                MessageSql.changedAfter(h, conversationId, afterVersion, limit + 1)));
        boolean more = rows.size() > limit;
        List<MessageSql.Versioned> included = more ? rows.subList(0, limit) : rows;
        long version = included.isEmpty() ? afterVersion : included.getLast().version();
        return new MessageChanges(included.stream().map(MessageSql.Versioned::message).toList(), version, more);
    }

    @Override
    public List<StoredEvent> appendEvents(String conversationId, List<NewEvent> events) {
        Objects.requireNonNull(conversationId, "conversationId");
        List<NewEvent> batch = List.copyOf(events);
        return write("appendEvents", h -> {
            long last = lockConversation(h, conversationId);
            if (batch.isEmpty()) {
                return List.of();
            }
            List<StoredEvent> stored = EventSql.insert(h, conversationId, last, batch, now());
            ConversationSql.setLastEventSeq(h, conversationId, last + batch.size());
            return stored;
        });
    }

    @Override
    public List<StoredEvent> eventsAfter(String conversationId, long afterSeq, int limit) {
        Objects.requireNonNull(conversationId, "conversationId");
        checkLimit(limit);
        return read("eventsAfter", h ->
                requireFound(h, conversationId, EventSql.after(h, conversationId, afterSeq, limit)));
    }

    @Override
    public long lastEventSeq(String conversationId) {
        Objects.requireNonNull(conversationId, "conversationId");
        return read("lastEventSeq", h -> ConversationSql.lastEventSeq(h, conversationId)
                .orElseThrow(() -> conversationNotFound(conversationId)));
    }

    @Override
    public void markSummarised(String conversationId, long messageId) {
        Objects.requireNonNull(conversationId, "conversationId");
        write("markSummarised", h -> {
            lockConversation(h, conversationId);
            if (!MessageSql.existsIn(h, conversationId, messageId)) {
                throw new StoreException.NotFound("No message " + messageId + " in conversation " + conversationId
                        + " to mark as summarised. Pass the id of one of its stored messages.");
            }
            ConversationSql.markSummarised(h, conversationId, messageId);
            return null;
        });
    }

    @Override
    public User createUser(String name) {
        return access.createUser(name);
    }

    @Override
    public Optional<User> user(String name) {
        return access.user(name);
    }

    @Override
    public List<User> users() {
        return access.users();
    }

    @Override
    public IssuedToken createToken(String userName, String label) {
        return access.createToken(userName, label);
    }

    @Override
    public Optional<TokenOwner> authenticate(String secret) {
        return access.authenticate(secret);
    }

    @Override
    public List<TokenInfo> tokens(String userName) {
        return access.tokens(userName);
    }

    @Override
    public Optional<TokenInfo> token(String tokenId) {
        return access.token(tokenId);
    }

    @Override
    public boolean revoke(String tokenId) {
        return access.revoke(tokenId);
    }

    @Override
    public Set<String> revokedAmong(Collection<String> tokenIds) {
        return access.revokedAmong(tokenIds);
    }

    @Override
    public Submitted submitUserMessage(NewUserMessage message, Lane lane) {
        return jobs.submitUserMessage(message, lane);
    }

    @Override
    public StoredJob enqueue(NewJob job) {
        return jobs.enqueue(job);
    }

    @Override
    public void finish(long jobId) {
        jobs.finish(jobId);
    }

    @Override
    public void reschedule(long jobId, int attempts, Instant notBefore, String lastError) {
        jobs.reschedule(jobId, attempts, notBefore, lastError);
    }

    @Override
    public List<StoredJob> openJobs() {
        return jobs.openJobs();
    }

    @Override
    public Optional<StoredJob> openReply(long userMessageId) {
        return jobs.openReply(userMessageId);
    }

    @Override
    public List<StoredMessage> interruptStreaming() {
        return jobs.interruptStreaming();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + location + "]";
    }

    Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    long lockConversation(Handle h, String conversationId) {
        return h.createQuery(lockConversationSql()).bind("id", conversationId).mapTo(Long.class).findOne()
                .orElseThrow(() -> conversationNotFound(conversationId));
    }

    private static <T> List<T> requireFound(Handle h, String conversationId, List<T> rows) {
        if (rows.isEmpty() && !ConversationSql.exists(h, conversationId)) {
            throw conversationNotFound(conversationId);
        }
        return rows;
    }

    static StoreException.NotFound conversationNotFound(String id) {
        return new StoreException.NotFound("No conversation with id '" + id
                + "'. Check the id, or create the conversation first.");
    }

    private static void checkClientMessageId(String conversationId, String clientMessageId) {
        if (clientMessageId.isBlank()) {
            throw new IllegalArgumentException("clientMessageId is blank in conversation " + conversationId
                    + ". Send a client-chosen id (for example a UUID) so retries are not stored twice.");
        }
    }

    static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_PAGE + " but was " + limit);
        }
    }

    private <R> R write(String operation, HandleCallback<R, RuntimeException> work) {
        return write(operation, RETRY_HINT, work);
    }

    /** Runs {@code work} in a write transaction; a database failure becomes a {@link StoreException} ending in {@code hint}. */
    <R> R write(String operation, String hint, HandleCallback<R, RuntimeException> work) {
        ensureOpen(operation);
        try {
            return inWriteTransaction(work);
        } catch (JdbiException e) {
            throw failure(operation, e, hint);
        }
    }

    /** Runs {@code work} on a read handle; a database failure becomes a {@link StoreException}. */
    <R> R read(String operation, HandleCallback<R, RuntimeException> work) {
        return read(operation, work, false);
    }

    private <R> R readRecentWrites(String operation, HandleCallback<R, RuntimeException> work) {
        return read(operation, work, true);
    }

    private <R> R read(String operation, HandleCallback<R, RuntimeException> work, boolean recentWrites) {
        ensureOpen(operation);
        try {
            return recentWrites ? withReadOfRecentWrites(work) : withReadHandle(work);
        } catch (JdbiException e) {
            throw failure(operation, e, "");
        }
    }

    private void ensureOpen(String operation) {
        if (closed.get()) {
            throw new StoreException("Cannot call " + operation + "(): the store on " + location
                    + " is closed. Open a new store.");
        }
    }

    private StoreException failure(String operation, JdbiException e, String hint) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StoreException(operation + " failed on " + location + ": " + clause(root.getMessage())
                + ". Check that the database is reachable, not full and not locked by another program." + hint, e);
    }

    /** Drops a trailing period, so a driver's sentence can be followed by ours without "..". */
    private static String clause(String text) {
        String t = text == null ? "no reason given" : text.strip();
        return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
    }
}
