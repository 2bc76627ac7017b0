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

    /** The frame type of a piece of reply text. */
    public static final String DELTA = "delta";
    /** The frame type of a piece of a reasoning model's thinking. */
    public static final String THINKING = "thinking";

    /** A delta frame; see {@link #text}. */
    public static String delta(String conversation, String epoch, long firstSeq, long seq, String text) {
        return text(DELTA, conversation, epoch, firstSeq, seq, text);
    }

    /**
     * A streamed-text frame: {@link #DELTA} or {@link #THINKING}. Written by hand rather than with a generator: it
     * is the one frame sent per token, and this is the same JSON (same fields, order and escaping) at a fraction of
     * the cost and garbage.
     */
    public static String text(String type, String conversation, String epoch, long firstSeq, long seq, String text) {
        StringBuilder b = new StringBuilder(72 + conversation.length() + epoch.length() + text.length());
        b.append("{\"type\":\"").append(type).append("\",\"conversation\":"); // a constant: needs no escaping
        quote(b, conversation);
        b.append(",\"epoch\":");
        quote(b, epoch);
        b.append(",\"seq\":").append(seq);
        if (firstSeq != seq) {
            b.append(",\"firstSeq\":").append(firstSeq);
        }
        b.append(",\"text\":");
        quote(b, text);
        return b.append('}').toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** Appends {@code s} as a JSON string, escaped as Jackson's default generator does. */
    static void quote(StringBuilder b, String s) {
        b.append('"');
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            b.append(s, from, i);
            from = i + 1;
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                default -> b.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        b.append(s, from, s.length()).append('"');
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
