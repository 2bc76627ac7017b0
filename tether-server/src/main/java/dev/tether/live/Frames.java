package dev.tether.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/**
 * Encodes server frames of docs/protocol.md. Streaming generation (no tree, no reflection): a delta costs
 * one small allocation-light write, which matters at thousands of tokens per second.
 */
public final class Frames {
    private static final JsonFactory JSON = new JsonFactory();

    private Frames() {
    }

    /** Writes {@code {"type": type, ...body}}. */
    public static String object(String type, Body body) {
        StringWriter out = new StringWriter(96);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", type);
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A positioned frame: type, conversation, epoch, seq, then the body. */
    public static String positioned(String type, String conversation, String epoch, long seq, Body body) {
        return object(type, g -> {
            g.writeStringField("conversation", conversation);
            g.writeStringField("epoch", epoch);
            g.writeNumberField("seq", seq);
            body.write(g);
        });
    }

    public static String delta(String conversation, String epoch, long firstSeq, long seq, String text) {
        return positioned("delta", conversation, epoch, seq, g -> {
            if (firstSeq != seq) {
                g.writeNumberField("firstSeq", firstSeq);
            }
            g.writeStringField("text", text);
        });
    }

    /** An error frame: {@code {type:error, id?, code, message, retryable, retryAfterMs?}}. */
    public static String error(String requestId, String code, String message, boolean retryable, long retryAfterMs) {
        return object("error", g -> {
            if (!requestId.isEmpty()) {
                g.writeStringField("id", requestId);
            }
            g.writeStringField("code", code);
            g.writeStringField("message", message);
            g.writeBooleanField("retryable", retryable);
            if (retryAfterMs > 0) {
                g.writeNumberField("retryAfterMs", retryAfterMs);
            }
        });
    }

    /** Writes the fields of a frame body. */
    @FunctionalInterface
    public interface Body {
        Body EMPTY = g -> { };

        void write(JsonGenerator g) throws IOException;

        /** Adapts a consumer that cannot throw. */
        static Body of(Consumer<JsonGenerator> c) {
            return c::accept;
        }
    }
}
