package dev.tether.gateway;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.BadPayloadException;

/**
 * One WebSocket connection on Jetty's core WebSocket API: what Jetty's higher-level API did for the gateway,
 * without the objects it keeps per connection. Text messages are assembled from their frames (at most
 * {@code server.max-frame-bytes} in all, else close 1009; invalid UTF-8 closes with 1007), binary messages are
 * refused once each, pings are answered, and text and the close go to the {@link Gateway}. Frames are read one
 * at a time: the next is asked for ({@link CoreSession#demand}) when this one is handled.
 *
 * <p>Jetty calls {@link #onFrame} for one connection from one thread at a time, so the message being
 * assembled needs no lock.
 */
final class Endpoint implements FrameHandler {
    private final Gateway gateway;
    private CoreSession session;
    private Connection connection;
    /** The start of a text message sent in several frames; null otherwise (the usual case: one frame). */
    private ByteArrayOutputStream partial;
    /** The rest of the current message is dropped (it was too large, or binary). */
    private boolean discarding;

    Endpoint(Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        try {
            session = coreSession;
            connection = gateway.opened(coreSession);
            callback.succeeded();
        } catch (Throwable t) {
            callback.failed(t);
            return;
        }
        coreSession.demand();
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        switch (frame.getOpCode()) {
            case OpCode.TEXT, OpCode.BINARY, OpCode.CONTINUATION -> data(frame, callback);
            case OpCode.PING -> // answered like Jetty's own API does; the payload stays valid until callback completes
                    session.sendFrame(new Frame(OpCode.PONG).setPayload(frame.getPayload()), Callback.from(() -> {
                        callback.succeeded();
                        session.demand();
                    }, x -> callback.succeeded()), false);
            case OpCode.CLOSE -> callback.succeeded(); // Jetty answers the close, then calls onClosed
            default -> { // pongs: our heartbeat is application-level
                callback.succeeded();
                session.demand();
            }
        }
    }

    private void data(Frame frame, Callback callback) {
        try {
            if (frame.getOpCode() != OpCode.CONTINUATION) {
                discarding = frame.getOpCode() == OpCode.BINARY;
                if (discarding) {
                    gateway.binary(connection);
                }
            }
            String text = discarding ? null : append(frame);
            if (frame.isFin()) {
                discarding = false;
                partial = null;
            }
            if (text != null) {
                gateway.onText(connection, text);
            }
        } catch (Throwable t) {
            partial = null;
            callback.failed(t); // Jetty closes the connection: 1007 for BadPayloadException, else 1011
            return;
        }
        callback.succeeded();
        session.demand();
    }

    /** Adds a text frame to the message; returns the message once it is complete. */
    private String append(Frame frame) throws BadPayloadException {
        ByteBuffer payload = frame.hasPayload() ? frame.getPayload() : ByteBuffer.allocate(0);
        if (frame.isFin() && partial == null) {
            return decode(payload);
        }
        int limit = gateway.maxFrameBytes();
        int size = partial == null ? 0 : partial.size();
        if (size + payload.remaining() > limit) {
            discarding = true;
            partial = null;
            connection.close(CloseStatus.MESSAGE_TOO_LARGE, "message larger than " + limit + " bytes");
            return null;
        }
        if (partial == null) {
            partial = new ByteArrayOutputStream(Math.min(limit, 2 * payload.remaining() + 64));
        }
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        partial.writeBytes(bytes);
        return frame.isFin() ? decode(ByteBuffer.wrap(partial.toByteArray())) : null;
    }

    private static String decode(ByteBuffer utf8) throws BadPayloadException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(utf8).toString();
        } catch (CharacterCodingException e) {
            throw new BadPayloadException("Text message is not valid UTF-8");
        }
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        gateway.failed(connection, cause);
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        // Jetty may call this inline from a write or close, on whatever thread made it, e.g. a turn delivering to
        // its conversation's subscribers with the conversation's lock held. Unsubscribing takes conversation
        // locks, so doing it here could take them in an order no other thread expects. It runs on its own
        // thread instead: Jetty's callbacks never take a conversation lock.
        try {
            if (connection != null) { // null when onOpen failed
                Thread.ofVirtual().name("ws-closed-" + connection.id).start(() -> gateway.closed(connection));
            }
        } finally {
            callback.succeeded();
        }
    }
}
