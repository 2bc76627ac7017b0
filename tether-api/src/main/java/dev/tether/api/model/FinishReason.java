package dev.tether.api.model;

/** Why a model stopped. */
public enum FinishReason {
    /** The model finished its answer. */
    STOP,
    /** The model asked for tool calls and waits for their results. */
    TOOL_CALLS,
    /** The reply hit the output token limit. */
    LENGTH,
    /** The provider filtered the reply. */
    CONTENT_FILTER,
    /** The caller cancelled; the text so far is kept. */
    CANCELLED,
    /** The provider gave no reason or one Tether does not know. */
    OTHER
}
