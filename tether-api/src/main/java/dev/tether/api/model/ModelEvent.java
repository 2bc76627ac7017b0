package dev.tether.api.model;

/** What a streaming model call reports while it runs. A closed set: switch over it exhaustively. */
public sealed interface ModelEvent {

    /** A piece of the reply's visible text. */
    record TextDelta(String text) implements ModelEvent { }

    /**
     * A piece of the model's reasoning before (or between) its visible text: what reasoning models stream as
     * {@code reasoning_content} or between {@code <think>} tags. Shown to people, never sent back to the model.
     */
    record ThinkingDelta(String text) implements ModelEvent { }

    /** A tool call, complete: emitted once its arguments have fully arrived. */
    record ToolCallReady(ToolCall call) implements ModelEvent { }
}
