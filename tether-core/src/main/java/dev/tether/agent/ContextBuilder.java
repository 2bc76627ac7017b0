package dev.tether.agent;

import dev.tether.api.model.ChatMessage;
import dev.tether.api.model.ToolCall;
import dev.tether.api.tool.ToolSpec;
import dev.tether.store.ConversationStore;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import dev.tether.workspace.Workspace;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds what a turn sends to the model: a system message (persona, memory, the time and the workspace) and
 * as much recent history as fits the token budget. History comes newest first from {@link RecentHistory}, which
 * keeps it in memory and reads only what changed since the last turn, and reading stops when the budget is spent,
 * so the cost of a turn does not grow with the conversation.
 */
final class ContextBuilder {
    private static final int OUTPUT_RESERVE = 1024;
    /** Text of recent history kept in memory across all conversations (about 32 MB at most). */
    static final long RECENT_HISTORY_CHARS = 16_000_000;
    private final RecentHistory history;
    private final AgentSettings settings;

    ContextBuilder(ConversationStore store, AgentSettings settings) {
        this.history = new RecentHistory(store, ContextBuilder::tokens, RECENT_HISTORY_CHARS);
        this.settings = settings;
    }

    /**
     * The context, and the id of the oldest message in it: older messages did not fit and are candidates for
     * long-term memory.
     */
    record Context(List<ChatMessage> messages, long oldestIncludedId, boolean olderLeftOut) { }

    /** Forgets the recent history it keeps in memory for the conversation (it was deleted). */
    void forget(String conversationId) {
        history.forget(conversationId);
    }

    /**
     * The context for answering user message {@code userMessageId}: history up to it in turn order (see
     * {@link TurnOrder}), including what this turn's earlier attempts stored, but no later user message (those
     * wait in the queue), and of a question answered more than once only its newest answer
     * ({@link TurnOrder#currentAnswers}; none of this one's, when it is being answered again). The system prompt
     * comes from {@code workspace}: the conversation owner's.
     */
    Context build(String conversationId, long userMessageId, List<ToolSpec> tools, Workspace workspace) {
        String system = systemPrompt(workspace);
        int budget = settings.contextTokens() - TokenEstimator.estimate(system) - toolTokens(tools)
                - (settings.maxOutputTokens() > 0 ? settings.maxOutputTokens() : OUTPUT_RESERVE);
        Fit fit = new Fit(userMessageId, budget);
        history.newestFirst(conversationId, fit);
        List<StoredMessage> newestFirst = fit.taken;
        boolean olderLeftOut = fit.olderLeftOut;
        List<StoredMessage> chronological = TurnOrder.currentAnswers(newestFirst.reversed(), userMessageId);
        while (!chronological.isEmpty() && chronological.getFirst().role() != Role.USER) {
            chronological.removeFirst(); // a context must not open with an orphaned reply or tool result
            olderLeftOut = true;
        }
        List<ChatMessage> messages = new ArrayList<>();
        messages.add(new ChatMessage.System(system));
        messages.addAll(toChat(chronological));
        long oldest = chronological.isEmpty() ? Long.MAX_VALUE : chronological.getFirst().id();
        return new Context(messages, oldest, olderLeftOut);
    }

    /**
     * Takes history newest first while it fits the budget, leaving out user messages after the turn's own. Replies
     * the context will leave out cost nothing: answers replaced by a newer one ({@link TurnOrder#currentAnswers},
     * judged by {@code replyTo} as they come newest first), questions the user edited with all their replies (the
     * edited question, read first, names the one it replaces) and what {@link #toChat} drops.
     */
    private static final class Fit implements RecentHistory.Reader {
        private final long userMessageId;
        private final int budget;
        private List<StoredMessage> taken;
        private int left;
        private boolean olderLeftOut;
        /** Questions with a newer reply already read. */
        private final Set<Long> repliedLater = new HashSet<>();
        /** Questions whose replies from here on (older ones) belong to a replaced answer. */
        private final Set<Long> replacedFromHere = new HashSet<>();
        /** Questions a newer question replaces (edited): left out with their replies. */
        private final Set<Long> edited = new HashSet<>();

        Fit(long userMessageId, int budget) {
            this.userMessageId = userMessageId;
            this.budget = budget;
        }

        @Override
        public void start() {
            taken = new ArrayList<>();
            left = budget;
            olderLeftOut = false;
            repliedLater.clear();
            replacedFromHere.clear();
            edited.clear();
        }

        @Override
        public boolean next(StoredMessage m, int cost) {
            if (m.role() == Role.USER && m.id() > userMessageId) {
                return true; // a later message, waiting in the queue
            }
            if (leftOut(m)) {
                taken.add(m);
                return true;
            }
            if (cost > left && !taken.isEmpty()) {
                olderLeftOut = true;
                return false;
            }
            left -= cost;
            taken.add(m);
            return true;
        }

        /** Whether the context will leave {@code m} out; must see every reply, newest first. */
        private boolean leftOut(StoredMessage m) {
            if (m.role() == Role.USER) {
                m.replaces().ifPresent(edited::add);
                return edited.contains(m.id());
            }
            if (m.replyTo().filter(edited::contains).isPresent()) {
                return true;
            }
            boolean replaced = m.replyTo().map(question -> {
                boolean newerReply = !repliedLater.add(question);
                if (TurnOrder.endsAnswer(m) && (newerReply || question == userMessageId)) {
                    replacedFromHere.add(question);
                }
                return replacedFromHere.contains(question);
            }).orElse(false);
            return replaced || (m.role() == Role.ASSISTANT && (m.status() == MessageStatus.FAILED
                    || (m.status() == MessageStatus.INTERRUPTED && m.toolCalls().isEmpty())));
        }
    }

    /** The estimated tokens of a message in a context: its text and its tool calls. */
    static int tokens(StoredMessage m) {
        int n = TokenEstimator.estimate(m.content());
        for (ToolCall c : m.toolCalls()) {
            n += TokenEstimator.estimate(c.name() + c.argumentsJson());
        }
        return n;
    }

    private String systemPrompt(Workspace workspace) {
        StringBuilder s = new StringBuilder(workspace.persona());
        if (settings.memoryChars() > 0) {
            String memory = workspace.memory(settings.memoryChars());
            if (!memory.isEmpty()) {
                s.append("\n\n## Long-term memory (MEMORY.md)\n\n").append(memory);
            }
        }
        s.append("\n\n## Environment\n\nCurrent time: ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm (EEEE) z")))
                .append("\nWorkspace: ").append(workspace.root())
                .append("\nFile tools take paths relative to the workspace.");
        return s.toString().strip();
    }

    private static int toolTokens(List<ToolSpec> tools) {
        return tools.stream().mapToInt(t -> TokenEstimator.estimate(t.name() + t.description())
                + t.parameters().stream().mapToInt(p -> TokenEstimator.estimate(p.name() + p.description())).sum())
                .sum();
    }

    /**
     * Stored messages as model messages. Failed replies are left out (they hold error text for people), and so are
     * interrupted ones without tool calls (a cut-off attempt: the turn is run again or the user retries); an
     * assistant's tool call whose result was never stored (a crash mid-tool) gets a synthetic "interrupted"
     * result, because providers reject a tool call without one.
     */
    static List<ChatMessage> toChat(List<StoredMessage> stored) {
        List<ChatMessage> out = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        stored.stream().filter(m -> m.role() == Role.TOOL).forEach(m -> m.toolCallId().ifPresent(answered::add));
        for (StoredMessage m : stored) {
            switch (m.role()) {
                case USER -> out.add(new ChatMessage.User(m.content()));
                case TOOL -> out.add(new ChatMessage.ToolResult(m.toolCallId().orElse(""), m.toolName().orElse(""),
                        m.content(), m.status() == MessageStatus.FAILED));
                case ASSISTANT -> {
                    if (m.status() == MessageStatus.FAILED
                            || (m.status() == MessageStatus.INTERRUPTED && m.toolCalls().isEmpty())) {
                        continue; // an error for people, or a cut-off attempt that was (or will be) run again
                    }
                    out.add(new ChatMessage.Assistant(m.content(), m.toolCalls()));
                    for (ToolCall call : m.toolCalls()) {
                        if (!answered.contains(call.id())) {
                            out.add(new ChatMessage.ToolResult(call.id(), call.name(),
                                    "Error: this tool call was interrupted before it finished.", true));
                        }
                    }
                }
            }
        }
        return out;
    }
}
