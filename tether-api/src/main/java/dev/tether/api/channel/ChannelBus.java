package dev.tether.api.channel;

/**
 * The channel's view of the agent: it publishes inbound messages and receives replies through the
 * listener it registered. Publishing is durable before it returns.
 */
public interface ChannelBus {

    /** Publishes a user message; returns once it is durably queued. */
    void publish(InboundMessage message);

    /** Registers where replies for this channel go. */
    void onReply(ReplyListener listener);

    /** Receives replies addressed to a channel's chat. */
    @FunctionalInterface
    interface ReplyListener {
        void onReply(OutboundMessage reply);
    }
}
