package dev.tether.agent;

import dev.tether.api.model.TokenUsage;
import dev.tether.store.MessageStatus;

/** How a turn ended: the final assistant message, its status, and the tokens used by all model calls. */
public record TurnOutcome(long assistantMessageId, String text, MessageStatus status, TokenUsage usage) { }
