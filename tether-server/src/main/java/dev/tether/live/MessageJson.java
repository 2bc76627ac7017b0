package dev.tether.live;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tether.api.model.ToolCall;
import dev.tether.store.StoredMessage;
import java.io.IOException;
import java.util.Locale;

/** Writes a stored message in the protocol's Message shape (docs/protocol.md, "Message"). */
public final class MessageJson {
    private MessageJson() {
    }

    public static void write(JsonGenerator g, StoredMessage m) throws IOException {
        g.writeStartObject();
        g.writeNumberField("id", m.id());
        g.writeStringField("role", m.role().name().toLowerCase(Locale.ROOT));
        g.writeStringField("text", m.content());
        g.writeStringField("status", m.status().name().toLowerCase(Locale.ROOT));
        if (!m.thinking().isEmpty()) {
            g.writeStringField("thinking", m.thinking());
        }
        if (m.clientMessageId().isPresent()) {
            g.writeStringField("clientMessageId", m.clientMessageId().get());
        }
        if (!m.toolCalls().isEmpty()) {
            g.writeArrayFieldStart("toolCalls");
            for (ToolCall c : m.toolCalls()) {
                g.writeStartObject();
                g.writeStringField("id", c.id());
                g.writeStringField("name", c.name());
                g.writeStringField("arguments", c.argumentsJson());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        if (m.toolCallId().isPresent()) {
            g.writeStringField("toolCallId", m.toolCallId().get());
        }
        if (m.toolName().isPresent()) {
            g.writeStringField("toolName", m.toolName().get());
        }
        if (m.replyTo().isPresent()) {
            g.writeNumberField("replyTo", m.replyTo().get());
        }
        if (m.replaces().isPresent()) {
            g.writeNumberField("replaces", m.replaces().get());
        }
        g.writeNumberField("at", m.createdAt().toEpochMilli());
        g.writeEndObject();
    }
}
