package dev.tether.agent;

import dev.tether.api.CancelSignal;
import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ChatModel;
import dev.tether.api.model.FinishReason;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelReply;
import dev.tether.api.model.ModelRequest;
import dev.tether.api.model.TokenUsage;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolContext;
import dev.tether.api.tool.ToolResult;
import dev.tether.memory.MemoryConsolidator;
import dev.tether.store.AppendResult;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.NewMessage;
import dev.tether.store.StoredMessage;
import dev.tether.workspace.Workspace;
import dev.tether.workspace.Workspaces;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs turns: context, model, tools, repeat until the model answers or {@link AgentSettings#maxIterations()}
 * model calls have been made. Everything is stored as it happens: each assistant message (checkpointed while
 * it streams), each tool result. One turn runs per conversation at a time ({@link AgentException.Busy}
 * otherwise); turns in different conversations run in parallel. Blocking: call on a virtual thread.
 *
 * <p>A turn never throws for model or tool failures: the listener gets {@link AgentEvent.TurnFailed} and the
 * failure is stored as a {@link MessageStatus#FAILED} assistant message with the text so far and the error.
 */
public final class Agent {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private final AgentSettings settings;
    private final ConversationStore store;
    private final ChatModel model;
    private final ToolRegistry tools;
    private final Workspaces workspaces;
    private final ConversationOwners owners;
    private final Optional<MemoryConsolidator> memory;
    private final ContextBuilder contextBuilder;
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    /**
     * The agent's collaborators. {@code workspaces} says whose workspace (persona, memory, files) a conversation's
     * turns use: its owner's. {@code memory} is empty when memory consolidation is off.
     */
    public record Parts(AgentSettings settings, ConversationStore store, ChatModel model, ToolRegistry tools,
                        Workspaces workspaces, Optional<MemoryConsolidator> memory) {
        public Parts {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(tools, "tools");
            Objects.requireNonNull(workspaces, "workspaces");
            Objects.requireNonNull(memory, "memory");
        }
    }

    public Agent(Parts parts) {
        this.settings = parts.settings();
        this.store = parts.store();
        this.model = parts.model();
        this.tools = parts.tools();
        this.workspaces = parts.workspaces();
        this.owners = new ConversationOwners(store);
        this.memory = parts.memory();
        this.contextBuilder = new ContextBuilder(store, settings);
    }

    /**
     * Stores the user message durably (exactly once per {@code clientMessageId}) and answers it. A repeated
     * {@code clientMessageId} whose reply is already stored returns that reply without calling the model.
     */
    public TurnOutcome chat(String conversationId, String clientMessageId, String text, AgentListener listener,
                            CancelSignal cancel) {
        AppendResult appended = store.appendUserMessage(conversationId, clientMessageId, text);
        if (appended.duplicate()) {
            Optional<StoredMessage> reply = finalReplyTo(conversationId, appended.message());
            if (reply.isPresent()) {
                StoredMessage r = reply.get();
                TurnOutcome outcome = new TurnOutcome(r.id(), r.content(), r.status(), TokenUsage.UNKNOWN);
                emit(listener, new AgentEvent.TurnCompleted(conversationId, r.id(), r.content(), r.status(),
                        TokenUsage.UNKNOWN));
                return outcome;
            }
        }
        return runTurn(conversationId, appended.message().id(), listener, cancel);
    }

    /** Whose workspace a conversation's turns use (its owner's): for reading and editing a user's own files. */
    public Workspaces workspaces() {
        return workspaces;
    }

    /**
     * Forgets what it keeps in memory about the conversation (its recent history), once the conversation has been
     * deleted, so the deleted text does not linger until it would have been evicted.
     */
    public void forget(String conversationId) {
        contextBuilder.forget(conversationId);
        owners.forget(conversationId);
    }

    /** Answers the stored user message {@code userMessageId}, as the only attempt; see the class contract. */
    public TurnOutcome runTurn(String conversationId, long userMessageId, AgentListener listener, CancelSignal cancel) {
        return runTurn(conversationId, userMessageId, listener, cancel, true);
    }

    /**
     * Answers the stored user message {@code userMessageId}. When {@code lastAttempt} is false and the model
     * fails with a retriable error before any tool ran, the turn ends with {@link AgentEvent.AttemptFailed}
     * (status {@link MessageStatus#INTERRUPTED}) instead of a failure, so the caller can run it again; a
     * retry never repeats a tool.
     */
    public TurnOutcome runTurn(String conversationId, long userMessageId, AgentListener listener, CancelSignal cancel,
                               boolean lastAttempt) {
        if (!active.add(conversationId)) {
            throw new AgentException.Busy(conversationId);
        }
        try {
            emit(listener, new AgentEvent.TurnStarted(conversationId, userMessageId));
            return loop(conversationId, userMessageId, listener, cancel, lastAttempt);
        } finally {
            active.remove(conversationId);
        }
    }

    private TurnOutcome loop(String conversationId, long userMessageId, AgentListener listener, CancelSignal cancel,
                             boolean lastAttempt) {
        Workspace workspace = workspaces.of(owners.of(conversationId)); // its owner's memory and files, no one else's
        ContextBuilder.Context context = contextBuilder.build(conversationId, userMessageId, tools.specs(), workspace);
        memory.ifPresent(m -> {
            if (context.olderLeftOut()) {
                m.request(conversationId, context.oldestIncludedId());
            }
        });
        List<ChatMessage> messages = new ArrayList<>(context.messages());
        TokenUsage usage = TokenUsage.UNKNOWN;
        ToolContext toolContext = new ToolContext(workspace.root(), conversationId, cancel);
        boolean toolRan = false;
        for (int iteration = 1; iteration <= settings.maxIterations(); iteration++) {
            StreamingReply streaming = new StreamingReply(store, conversationId, userMessageId,
                    settings.checkpointInterval(), text -> emit(listener, new AgentEvent.TextDelta(conversationId, text)),
                    thought -> emit(listener, new AgentEvent.ThinkingDelta(conversationId, thought)));
            ModelReply reply;
            try {
                reply = streaming.run(model, new ModelRequest(messages, tools.specs(), settings.maxOutputTokens()), cancel);
            } catch (ModelException e) {
                if (!lastAttempt && !toolRan && e.retriable()) {
                    return attemptFailed(conversationId, streaming, e, listener);
                }
                return fail(conversationId, streaming, e, listener);
            }
            usage = usage.plus(reply.usage());
            boolean stopped = reply.finishReason() == FinishReason.CANCELLED || cancel.isCancelled();
            List<ToolCall> calls = stopped ? List.of() : reply.toolCalls();
            long messageId = streaming.finish(reply.text(), calls, stopped ? MessageStatus.STOPPED : MessageStatus.COMPLETE);
            if (stopped || calls.isEmpty()) {
                return complete(conversationId, messageId, reply.text(), stopped, usage, listener);
            }
            messages.add(new ChatMessage.Assistant(reply.text(), calls));
            for (ToolCall call : calls) {
                toolRan = true;
                emit(listener, new AgentEvent.ToolCallStarted(conversationId, call));
                ToolResult result = tools.execute(call, toolContext);
                boolean failed = result instanceof ToolResult.Failure;
                store.appendMessage((failed
                        ? NewMessage.failedToolResult(conversationId, call.id(), call.name(), result.forModel())
                        : NewMessage.toolResult(conversationId, call.id(), call.name(), result.forModel()))
                        .replyingTo(userMessageId));
                messages.add(new ChatMessage.ToolResult(call.id(), call.name(), result.forModel(), failed));
                emit(listener, new AgentEvent.ToolCallFinished(conversationId, call, result));
            }
            if (cancel.isCancelled()) {
                StoredMessage note = store.appendMessage(NewMessage.assistant(conversationId, "", List.of(),
                        MessageStatus.STOPPED).replyingTo(userMessageId));
                return complete(conversationId, note.id(), "", true, usage, listener);
            }
        }
        String text = "I stopped after " + settings.maxIterations() + " model calls in this turn without reaching an "
                + "answer. Ask me to continue, or raise agent.max-iterations in config.json.";
        StoredMessage note = store.appendMessage(NewMessage.assistant(conversationId, text, List.of(),
                MessageStatus.COMPLETE).replyingTo(userMessageId));
        emit(listener, new AgentEvent.TextDelta(conversationId, text));
        return complete(conversationId, note.id(), text, false, usage, listener);
    }

    private TurnOutcome complete(String conversationId, long messageId, String text, boolean stopped,
                                 TokenUsage usage, AgentListener listener) {
        MessageStatus status = stopped ? MessageStatus.STOPPED : MessageStatus.COMPLETE;
        emit(listener, new AgentEvent.TurnCompleted(conversationId, messageId, text, status, usage));
        return new TurnOutcome(messageId, text, status, usage);
    }

    private TurnOutcome fail(String conversationId, StreamingReply streaming, ModelException e, AgentListener listener) {
        String partial = streaming.textSoFar();
        String stored = partial.isEmpty() ? e.getMessage() : partial + "\n\n" + e.getMessage();
        long id = streaming.finish(stored, List.of(), MessageStatus.FAILED);
        LOG.info("Turn in conversation {} failed: {}", conversationId, e.getMessage());
        emit(listener, new AgentEvent.TurnFailed(conversationId, id, code(e), e.getMessage(), e.retriable(),
                e.retryAfter()));
        return new TurnOutcome(id, stored, MessageStatus.FAILED, TokenUsage.UNKNOWN);
    }

    private TurnOutcome attemptFailed(String conversationId, StreamingReply streaming, ModelException e,
                                      AgentListener listener) {
        String partial = streaming.textSoFar();
        long id = partial.isEmpty() ? streaming.discard() : streaming.finish(partial, List.of(), MessageStatus.INTERRUPTED);
        LOG.info("Attempt in conversation {} failed, to be retried: {}", conversationId, e.getMessage());
        emit(listener, new AgentEvent.AttemptFailed(conversationId, id, code(e), e.getMessage(), e.retryAfter()));
        return new TurnOutcome(id, partial, MessageStatus.INTERRUPTED, TokenUsage.UNKNOWN);
    }

    private static String code(ModelException e) {
        return switch (e) {
            case ModelException.Unreachable u -> "model_unreachable";
            case ModelException.RateLimited r -> "model_rate_limited";
            case ModelException.ServerError s -> "model_server_error";
            case ModelException.Timeout t -> "model_timeout";
            case ModelException.Rejected r -> "model_rejected";
        };
    }

    /** The last final reply to {@code question} (a retried question has more than one), if it has one. */
    private Optional<StoredMessage> finalReplyTo(String conversationId, StoredMessage question) {
        List<StoredMessage> turn = new ArrayList<>();
        turn.add(question);
        turn.addAll(store.messagesAfter(conversationId, question.id(), 200));
        return TurnOrder.repliesByQuestion(turn).get(question.id()).stream().filter(TurnOrder::isFinal)
                .reduce((first, last) -> last);
    }

    private static void emit(AgentListener listener, AgentEvent event) {
        try {
            listener.onEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("Agent listener failed on {}: {}", event.getClass().getSimpleName(), e.toString(), e);
        }
    }
}
