package dev.tether.http;

import dev.tether.agent.TurnOrder;
import dev.tether.api.model.ToolCall;
import dev.tether.live.MessageJson;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/conversations/{id}/export?format=markdown|json}: the whole conversation as a file to keep, in
 * turn order (each question followed by its answer, even when a question was sent while the reply before it ran
 * and so was stored before that reply). Markdown for people: the title, then one section per message, tool calls
 * and their results in fenced blocks that no backticks in them can close early. JSON for programs: the
 * conversation and the protocol's Message objects. Both come as an attachment named after the title.
 */
final class ConversationExport {
    /** Messages read from the store per call. */
    private static final int PAGE = 500;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ConversationStore store;
    private final Clock clock;

    ConversationExport(ConversationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Answers with {@code c} (already checked to be the caller's) in the format the request asks for. */
    void export(Context ctx, Conversation c) {
        String format = ctx.queryParam("format");
        boolean json = switch (format == null ? "markdown" : format) {
            case "markdown", "md" -> false;
            case "json" -> true;
            default -> throw ApiException.invalid("Query parameter 'format' must be 'markdown' or 'json' but was '"
                    + format + "'. Leave it out for Markdown.");
        };
        List<StoredMessage> messages = turnOrder(all(c.id()));
        Instant now = clock.instant();
        ctx.header("Content-Disposition", attachment(c.title(), json ? ".json" : ".md"));
        if (json) {
            Json.respond(ctx, 200, g -> {
                g.writeObjectFieldStart("conversation");
                g.writeStringField("id", c.id());
                g.writeStringField("title", c.title());
                g.writeNumberField("createdAt", c.createdAt().toEpochMilli());
                g.writeNumberField("updatedAt", c.updatedAt().toEpochMilli());
                g.writeEndObject();
                g.writeNumberField("exportedAt", now.toEpochMilli());
                g.writeArrayFieldStart("messages");
                for (StoredMessage m : messages) {
                    MessageJson.write(g, m);
                }
                g.writeEndArray();
            });
        } else {
            ctx.status(200).contentType("text/markdown; charset=utf-8").result(markdown(c, messages, now));
        }
    }

    /** Every message of the conversation, oldest first, as stored. */
    private List<StoredMessage> all(String conversationId) {
        List<StoredMessage> all = new ArrayList<>();
        long after = 0;
        while (true) {
            List<StoredMessage> page = store.messagesAfter(conversationId, after, PAGE);
            all.addAll(page);
            if (page.size() < PAGE) {
                return all;
            }
            after = page.getLast().id();
        }
    }

    /**
     * Each question followed by its answers ({@link TurnOrder}); a message that answers no question (a note from
     * before any) stays where it was stored, so nothing is left out.
     */
    static List<StoredMessage> turnOrder(List<StoredMessage> chronological) {
        Map<Long, List<StoredMessage>> byQuestion = TurnOrder.repliesByQuestion(chronological);
        Set<Long> placed = new HashSet<>();
        byQuestion.values().forEach(replies -> replies.forEach(r -> placed.add(r.id())));
        List<StoredMessage> ordered = new ArrayList<>(chronological.size());
        for (StoredMessage m : chronological) {
            if (m.role() == Role.USER) {
                ordered.add(m);
                ordered.addAll(byQuestion.get(m.id()));
            } else if (!placed.contains(m.id())) {
                ordered.add(m);
            }
        }
        return ordered;
    }

    static String markdown(Conversation c, List<StoredMessage> messages, Instant now) {
        StringBuilder md = new StringBuilder(256 + messages.size() * 256);
        md.append("# ").append(oneLine(c.title())).append("\n\n");
        md.append("Exported from Tether on ").append(WHEN.format(now)).append(" · ").append(messages.size())
                .append(messages.size() == 1 ? " message" : " messages").append(" · started ")
                .append(WHEN.format(c.createdAt())).append("\n");
        Set<Long> replaced = TurnOrder.replaced(messages);
        for (StoredMessage m : messages) {
            md.append("\n---\n\n");
            switch (m.role()) {
                case USER -> section(md, "You", m, false).append(m.content()).append('\n');
                case ASSISTANT -> {
                    section(md, "Assistant", m, replaced.contains(m.id()));
                    if (!m.content().isEmpty()) {
                        md.append(m.content()).append('\n');
                    }
                    for (ToolCall call : m.toolCalls()) {
                        md.append(m.content().isEmpty() ? "" : "\n").append("Called ").append(code(call.name()))
                                .append(" with:\n\n").append(fenced(call.argumentsJson(), "json"));
                    }
                }
                case TOOL -> section(md, "Tool " + code(m.toolName().orElse("?")), m, replaced.contains(m.id()))
                        .append(fenced(m.content(), ""));
            }
        }
        return md.toString();
    }

    /** A message's heading; {@code replaced}: it belongs to an answer the user replaced by asking again. */
    private static StringBuilder section(StringBuilder md, String who, StoredMessage m, boolean replaced) {
        md.append("### ").append(who).append(" · ").append(WHEN.format(m.createdAt()));
        String note = switch (m.status()) {
            case COMPLETE -> "";
            case STREAMING -> " (still being written)";
            case STOPPED -> " (stopped)";
            case FAILED -> m.role() == Role.TOOL ? " (the tool failed)" : " (failed)";
            case INTERRUPTED -> " (interrupted)";
        };
        return md.append(note).append(replaced ? " (replaced by a later answer)" : "").append("\n\n");
    }

    /** {@code text} in a fenced block whose fence is longer than any run of backticks inside it. */
    static String fenced(String text, String info) {
        String fence = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
        return fence + info + "\n" + text + (text.endsWith("\n") ? "" : "\n") + fence + "\n";
    }

    /** {@code text} as inline code that its own backticks cannot end (CommonMark code spans). */
    static String code(String text) {
        String ticks = "`".repeat(longestBacktickRun(text) + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return ticks + pad + text + pad + ticks;
    }

    private static int longestBacktickRun(String text) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            run = text.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    /**
     * An attachment named after {@code title}: {@code filename} with only safe ASCII (for old clients),
     * {@code filename*} with the title itself (RFC 6266 / RFC 5987), both without path separators.
     */
    static String attachment(String title, String extension) {
        String name = oneLine(title).replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        if (name.isEmpty() || name.chars().allMatch(ch -> ch == '.' || ch == '_')) {
            name = "conversation";
        }
        if (name.length() > 100) {
            name = name.substring(0, 100);
        }
        String ascii = name.replaceAll("[^A-Za-z0-9 ._()\\-]", "_");
        String encoded = URLEncoder.encode(name + extension, StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + extension + "\"; filename*=UTF-8''" + encoded;
    }
}
