package dev.tether.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The text of an OpenAI message {@code content}: a string, or an array of content parts of which only
 * {@code {"type": "text", "text": "..."}} is taken (parts joined by newlines). Images, audio and files are
 * refused with a 400 naming the part, rather than silently answered without them.
 */
final class ContentText {
    private ContentText() {
    }

    /** The text, or {@code null} when the content is absent or JSON {@code null}. */
    static String of(JsonNode content, String path) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw Json.wrongType(path, "a string or an array of text parts", content);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            String partPath = path + "[" + i + "]";
            JsonNode part = content.get(i);
            if (!part.isObject()) {
                throw Json.wrongType(partPath, "an object such as {\"type\": \"text\", \"text\": \"...\"}", part);
            }
            String type = Json.optionalString(part, "type", partPath + ".type").orElse("");
            if (!type.equals("text")) {
                throw ApiException.invalid("Field '" + partPath + ".type' is '" + type + "', but only 'text' parts "
                        + "are supported.");
            }
            String partText = Json.optionalString(part, "text", partPath + ".text").orElseThrow(() ->
                    ApiException.invalid("Field '" + partPath + ".text' is required in a text part."));
            text.append(text.isEmpty() ? "" : "\n").append(partText);
        }
        return text.toString();
    }
}
