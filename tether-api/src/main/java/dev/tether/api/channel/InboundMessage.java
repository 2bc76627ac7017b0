package dev.tether.api.channel;

import java.util.Objects;

/**
 * A user message from a channel. {@code chatId} identifies the conversation within the channel (a private
 * chat or a group); {@code messageId} is the platform's id and makes redelivery idempotent.
 */
public record InboundMessage(String channel, String chatId, String senderId, String messageId, String text) {
    public InboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(senderId, "senderId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(text, "text");
    }
}
