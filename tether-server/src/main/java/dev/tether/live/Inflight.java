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

    final long userMessageId;
    final StringBuilder text = new StringBuilder();
    final List<Tool> tools = new ArrayList<>();

    Inflight(long userMessageId) {
        this.userMessageId = userMessageId;
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
