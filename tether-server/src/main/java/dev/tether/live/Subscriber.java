package dev.tether.live;

/**
 * Something that receives a conversation's frames: a WebSocket connection, or an HTTP stream. {@link #send}
 * is called with the conversation's lock held, in position order, and must not block: queue and return.
 */
public interface Subscriber {
    void send(OutboundFrame frame);

    /**
     * The conversation was deleted: this subscriber is no longer subscribed, and nothing more comes from its hub.
     * {@code frame} is {@code conversation_deleted}; {@code ownerTold}: the owner's connections that asked for list
     * updates are told by {@link Conversations} itself, right after. Called like {@link #send}. By default sends
     * the frame.
     */
    default void deleted(String conversationId, OutboundFrame frame, boolean ownerTold) {
        send(frame);
    }
}
