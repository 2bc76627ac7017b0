package dev.tether.live;

/**
 * Something that receives a conversation's frames: a WebSocket connection, or an HTTP stream. {@link #send}
 * is called with the conversation's lock held, in position order, and must not block: queue and return.
 */
public interface Subscriber {
    void send(OutboundFrame frame);

    /**
     * The conversation was deleted: this subscriber is no longer subscribed, and nothing more comes from its hub.
     * Called like {@link #send}. By default does nothing.
     */
    default void deleted(String conversationId) {
    }
}
