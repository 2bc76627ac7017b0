package dev.tether.api.channel;

import java.util.Objects;

/** A complete reply for a channel's chat. */
public record OutboundMessage(String channel, String chatId, String text) {
    public OutboundMessage {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(text, "text");
    }
}
