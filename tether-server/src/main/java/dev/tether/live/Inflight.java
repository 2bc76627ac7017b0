package dev.tether.live;

import java.util.ArrayList;
import java.util.List;

/** The reply being generated in a conversation, as far as its events have gone. Guarded by the hub's lock. */
final class Inflight {
    /**
     * A tool step of the reply.
     *
     * @param at how much of {@link #text} came before the call: where the step sits within the text
     * @param content the result shown to people (clipped like {@code tool_result}), null until done
     */
    record Tool(String callId, String name, String arguments, boolean done, boolean ok, int at, String content) { }

    /**
     * A stretch of thinking of the reply (reasoning models think before each model call's text).
     *
     * @param at how much of {@link #text} came before it
     * @param toolsBefore how many tool steps came before it: with {@code at}, where it sits among the reply's parts
     */
    record Thought(int at, int toolsBefore, StringBuilder text) { }

    final long userMessageId;
    final StringBuilder text = new StringBuilder();
    final List<Tool> tools = new ArrayList<>();
    /** Null until the model thinks: most replies never do, and cost no list. */
    List<Thought> thoughts;

    Inflight(long userMessageId) {
        this.userMessageId = userMessageId;
    }

    /** Adds thinking where the reply has got to: to the last stretch if nothing came after it, else a new one. */
    void think(String delta) {
        if (thoughts == null) {
            thoughts = new ArrayList<>(2);
        }
        Thought last = thoughts.isEmpty() ? null : thoughts.getLast();
        if (last == null || last.at() != text.length() || last.toolsBefore() != tools.size()) {
            last = new Thought(text.length(), tools.size(), new StringBuilder());
            thoughts.add(last);
        }
        last.text().append(delta);
    }

    void toolDone(String callId, boolean ok, String content) {
        for (int i = 0; i < tools.size(); i++) {
            Tool t = tools.get(i);
            if (t.callId().equals(callId)) {
                tools.set(i, new Tool(t.callId(), t.name(), t.arguments(), true, ok, t.at(), content));
            }
        }
    }
}
