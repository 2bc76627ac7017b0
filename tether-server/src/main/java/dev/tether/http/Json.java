package dev.tether.http;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.live.Frames;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads request bodies strictly (every failure is an {@link ApiException} naming the field and the value) and
 * writes response bodies with a streaming generator, like {@link Frames}.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private Json() {
    }

    /** Writes one JSON object whose fields {@code body} writes. */
    static String object(Frames.Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes one JSON object whose fields {@code body} writes to {@code out}, as it goes; leaves {@code out} open. */
    static void stream(OutputStream out, Frames.Body body) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        }
    }

    /** Answers {@code status} with the JSON object {@code body} writes. */
    static void respond(Context ctx, int status, Frames.Body body) {
        ctx.status(status).contentType("application/json").result(object(body));
    }

    /** The body as a JSON object; an empty body is an empty object when {@code emptyAllowed}. */
    static ObjectNode body(Context ctx, boolean emptyAllowed, String example) {
        String text = ctx.body();
        if (text.isBlank() && emptyAllowed) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.invalidJson("The request body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                    + "). Send a JSON object such as " + example + ".");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.invalidJson("The request body must be a JSON object such as " + example + " but was "
                    + describe(node) + ".");
        }
        return (ObjectNode) node;
    }

    /** A string field; absent or {@code null} is empty, any other type is a 400 naming the field. */
    static Optional<String> optionalString(JsonNode parent, String field, String path) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw wrongType(path, "a string", value);
        }
        return Optional.of(value.asText());
    }

    /** A boolean field; absent or {@code null} is {@code fallback}. */
    static boolean optionalBoolean(JsonNode parent, String field, String path, boolean fallback) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw wrongType(path, "true or false", value);
        }
        return value.asBoolean();
    }

    static ApiException wrongType(String path, String expected, JsonNode actual) {
        return ApiException.invalid("Field '" + path + "' must be " + expected + " but was " + describe(actual) + ".");
    }

    /** "a number (42)", "an array", "null": for error messages. */
    static String describe(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return "null";
        }
        String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        String article = type.startsWith("a") || type.startsWith("o") ? "an " : "a ";
        if (node.isContainerNode()) {
            return article + type;
        }
        String shown = node.toString();
        return article + type + " (" + (shown.length() > 40 ? shown.substring(0, 40) + "..." : shown) + ")";
    }
}
