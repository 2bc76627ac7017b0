package dev.tether.live;

/**
 * Something that receives a conversation's frames: a WebSocket connection, or an HTTP stream. {@link #send}
 * is called with the conversation's lock held, in position order, and must not block: queue and return.
 */
public interface Subscriber {
    void send(OutboundFrame frame);

    /**
     * The conversation was deleted: {@code frame} ({@code conversation_deleted}) is the last it sends, and this
     * subscriber is no longer subscribed. Called like {@link #send}. By default only sends the frame.
     */
    default void deleted(String conversationId, OutboundFrame frame) {
        send(frame);
    }
}
