package dev.tether.live;

/**
 * Something that receives a conversation's frames: a WebSocket connection, or an HTTP stream. {@link #send}
 * is called with the conversation's lock held, in position order, and must not block: queue and return.
 */
public interface Subscriber {
    void send(OutboundFrame frame);
}
