package dev.tether.gateway;

import java.util.Optional;
import java.util.OptionalLong;

/** A frame from a client (docs/protocol.md). A closed set: switch over it exhaustively. */
sealed interface ClientFrame {

    /** The request id, or "" for frames that have none. */
    String id();

    /** The conversation the frame is about; empty for frames about none (the records that have one say it). */
    default String conversation() {
        return "";
    }

    /** {@code listUpdates}: the client wants every change to the user's conversation list. */
    record Hello(int version, Optional<String> token, boolean listUpdates) implements ClientFrame {
        @Override
        public String id() {
            return "";
        }
    }

    record Pong() implements ClientFrame {
        @Override
        public String id() {
            return "";
        }
    }

    record Subscribe(String id, String conversation, Optional<String> epoch, OptionalLong after) implements ClientFrame { }

    record Unsubscribe(String id, String conversation) implements ClientFrame { }

    /** {@code replaces}: the question this message edits (the conversation's last), if any. */
    record Send(String id, String conversation, String clientMessageId, String text, Optional<Long> replaces)
            implements ClientFrame { }

    record Stop(String id, String conversation) implements ClientFrame { }

    record Retry(String id, String conversation, long messageId) implements ClientFrame { }

    record Create(String id, String title) implements ClientFrame { }
}
