package dev.tether.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tether.store.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code POST /v1/chat/completions} request reduced to what the agent takes. Parsing is strict where the
 * agent would otherwise do something surprising and lenient where OpenAI clients differ harmlessly:
 * <ul>
 *   <li>{@code messages} is a non-empty array; the last one must be {@code role: "user"} with text content
 *       (a string, or content parts of type {@code text}, joined by newlines). Other part types are refused.</li>
 *   <li>{@code system} and {@code developer} messages are not dropped: their text, joined by blank lines, is
 *       prepended to the first user message, so the client's instructions reach the model after the server's
 *       own persona. The stored user message shows it.</li>
 *   <li>Assistant messages without text (only {@code tool_calls}) are skipped; {@code tool} and
 *       {@code function} messages are refused, since the agent runs its own tools and never returns
 *       {@code tool_calls}.</li>
 *   <li>{@code model} is accepted whatever it names; {@code n} must be 1; {@code temperature},
 *       {@code max_tokens}, {@code tools} and other sampling fields are ignored (the server's config decides).</li>
 * </ul>
 *
 * @param history the earlier user and assistant messages, oldest first
 * @param text the last user message, as the agent answers it
 * @param title the conversation title: the start of the last user message as the client sent it
 * @param includeUsage {@code stream_options.include_usage}: end a stream with a usage chunk
 */
record ChatRequest(List<Turn> history, String text, String title, boolean stream, boolean includeUsage) {
    static final int MAX_TITLE = 80;

    ChatRequest {
        history = List.copyOf(history);
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(title, "title");
    }

    /** One earlier message: {@link Role#USER} or {@link Role#ASSISTANT}. */
    record Turn(Role role, String text) {
    }

    static ChatRequest parse(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw Json.wrongType("messages", "a non-empty array of {\"role\", \"content\"} objects", messages);
        }
        StringBuilder system = new StringBuilder();
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            read(messages.get(i), "messages[" + i + "]", system, turns);
        }
        String original = takeLastUserText(messages, turns);
        String text = original;
        if (!system.isEmpty()) {
            int firstUser = indexOfFirstUser(turns);
            if (firstUser < 0) {
                text = system + "\n\n" + original;
            } else {
                turns.set(firstUser, new Turn(Role.USER, system + "\n\n" + turns.get(firstUser).text()));
            }
        }
        checkOptions(body);
        boolean stream = Json.optionalBoolean(body, "stream", "stream", false);
        JsonNode options = body.path("stream_options");
        boolean usage = options.isObject() && Json.optionalBoolean(options, "include_usage",
                "stream_options.include_usage", false);
        return new ChatRequest(turns, text, title(original), stream, usage);
    }

    /** Adds one message's text to the system text or the turns, by role. */
    private static void read(JsonNode m, String path, StringBuilder system, List<Turn> turns) {
        if (!m.isObject()) {
            throw Json.wrongType(path, "an object with 'role' and 'content'", m);
        }
        String role = Json.optionalString(m, "role", path + ".role").orElseThrow(() -> ApiException.invalid(
                "Field '" + path + ".role' is required: one of system, developer, user, assistant."));
        String text = ContentText.of(m.get("content"), path + ".content");
        switch (role) {
            case "system", "developer" -> system.append(system.isEmpty() ? "" : "\n\n").append(required(text, path));
            case "user" -> turns.add(new Turn(Role.USER, required(text, path)));
            case "assistant" -> {
                if (text != null && !text.isEmpty()) {
                    turns.add(new Turn(Role.ASSISTANT, text));
                }
            }
            case "tool", "function" -> throw ApiException.invalid("Field '" + path + ".role' is '" + role
                    + "', which is not supported: the agent runs its own tools and never returns tool_calls. Send "
                    + "only system, developer, user and assistant messages.");
            default -> throw ApiException.invalid("Field '" + path + ".role' must be one of system, developer, "
                    + "user, assistant but was '" + role + "'.");
        }
    }

    /** Removes and returns the last turn, which must be the request's last message, from the user, not blank. */
    private static String takeLastUserText(JsonNode messages, List<Turn> turns) {
        int lastIndex = messages.size() - 1;
        String lastRole = messages.get(lastIndex).path("role").asText();
        if (!lastRole.equals("user") || turns.isEmpty() || turns.getLast().role() != Role.USER) {
            throw ApiException.invalid("The last message must have role 'user' (the agent answers it) but "
                    + "messages[" + lastIndex + "] has role '" + lastRole + "'.");
        }
        String text = turns.removeLast().text();
        if (text.isBlank()) {
            throw ApiException.invalid("The last message (messages[" + lastIndex + "]) has no text: send what the "
                    + "agent should answer.");
        }
        return text;
    }

    private static void checkOptions(ObjectNode body) {
        Json.optionalString(body, "model", "model");
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && !(n.canConvertToInt() && n.asInt() == 1)) {
            throw ApiException.invalid("Field 'n' must be 1 (one answer per request) but was " + Json.describe(n)
                    + ".");
        }
    }

    private static String required(String text, String path) {
        if (text == null) {
            throw ApiException.invalid("Field '" + path + ".content' is required: a string or an array of text parts.");
        }
        return text;
    }

    private static int indexOfFirstUser(List<Turn> turns) {
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).role() == Role.USER) {
                return i;
            }
        }
        return -1;
    }

    private static String title(String text) {
        String line = text.strip().lines().findFirst().orElse("").strip();
        return line.length() > MAX_TITLE ? line.substring(0, MAX_TITLE - 1) + "\u2026" : line;
    }
}
