package dev.tether.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tether.api.model.ToolCall;
import dev.tether.live.MessageJson;
import dev.tether.store.Conversation;
import dev.tether.store.ConversationStore;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/conversations/{id}/export?format=markdown|json}: the whole conversation as a file to keep, in
 * turn order (each question followed by its answer, even when a question was sent while the reply before it ran
 * and so was stored before that reply). Markdown for people: the title, then one section per message, tool calls
 * and their results in fenced blocks that no backticks in them can close early. JSON for programs: the
 * conversation and the protocol's Message objects. Both come as an attachment named after the title.
 */
final class ConversationExport {
    private static final Logger LOG = LoggerFactory.getLogger(ConversationExport.class);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final ConversationStore store;
    private final Clock clock;

    ConversationExport(ConversationStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * Answers with {@code c} (already checked to be the caller's) in the format the request asks for, written as it
     * is read ({@link ExportReader}): the memory an export takes does not grow with the conversation.
     */
    void export(Context ctx, Conversation c) {
        String format = ctx.queryParam("format");
        boolean json = switch (format == null ? "markdown" : format) {
            case "markdown", "md" -> false;
            case "json" -> true;
            default -> throw ApiException.invalid("Query parameter 'format' must be 'markdown' or 'json' but was '"
                    + format + "'. Leave it out for Markdown.");
        };
        ExportReader reader = new ExportReader((after, limit) -> store.messagesAfter(c.id(), after, limit));
        ExportReader.Plan plan = reader.plan(); // before the answer starts: a failure here is still an error answer
        Instant now = clock.instant();
        ctx.status(200).header("Content-Disposition", attachment(c.title(), json ? ".json" : ".md"))
                .contentType(json ? "application/json" : "text/markdown; charset=utf-8");
        try {
            if (json) {
                Json.stream(ctx.outputStream(), g -> json(g, c, plan, reader, now));
            } else {
                Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8),
                        16 * 1024);
                markdown(out, c, plan, reader, now);
                out.flush();
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.info("The client of the export of {} left before it ended ({})", c.id(), e.toString());
        }
    }

    private static void json(JsonGenerator g, Conversation c, ExportReader.Plan plan, ExportReader reader,
                             Instant now) throws IOException {
        g.writeObjectFieldStart("conversation");
        g.writeStringField("id", c.id());
        g.writeStringField("title", c.title());
        g.writeNumberField("createdAt", c.createdAt().toEpochMilli());
        g.writeNumberField("updatedAt", c.updatedAt().toEpochMilli());
        g.writeEndObject();
        g.writeNumberField("exportedAt", now.toEpochMilli());
        g.writeArrayFieldStart("messages");
        reader.read(plan, m -> unchecked(() -> MessageJson.write(g, m)));
        g.writeEndArray();
    }

    static void markdown(Writer out, Conversation c, ExportReader.Plan plan, ExportReader reader, Instant now)
            throws IOException {
        int count = plan.order().size();
        out.append("# ").append(oneLine(c.title())).append("\n\n");
        out.append("Exported from Tether on ").append(WHEN.format(now)).append(" · ").append(String.valueOf(count))
                .append(count == 1 ? " message" : " messages").append(" · started ")
                .append(WHEN.format(c.createdAt())).append("\n");
        StringBuilder md = new StringBuilder(1024);
        reader.read(plan, m -> {
            md.setLength(0);
            section(md, m, note(plan, m));
            unchecked(() -> out.append(md));
        });
    }

    /** What a message's heading says besides its status: how a later edit or answer replaced it. */
    private static String note(ExportReader.Plan plan, StoredMessage m) {
        if (plan.edited().contains(m.id())) {
            return " (edited: replaced by a later question)";
        }
        if (m.replaces().isPresent()) {
            return " (edited question, replaces the one above)";
        }
        if (plan.answersToEdited().contains(m.id())) {
            return " (answer to an edited question)";
        }
        return plan.replaced().contains(m.id()) ? " (replaced by a later answer)" : "";
    }

    /** One message's section of the Markdown; {@code note} goes after its heading's status. */
    private static void section(StringBuilder md, StoredMessage m, String note) {
        md.append("\n---\n\n");
        switch (m.role()) {
            case USER -> heading(md, "You", m, note).append(m.content()).append('\n');
            case ASSISTANT -> {
                heading(md, "Assistant", m, note);
                if (!m.thinking().isEmpty()) {
                    quoted(md, "Thinking", m.thinking());
                }
                if (!m.content().isEmpty()) {
                    md.append(m.content()).append('\n');
                }
                for (ToolCall call : m.toolCalls()) {
                    md.append(m.content().isEmpty() ? "" : "\n").append("Called ").append(code(call.name()))
                            .append(" with:\n\n").append(fenced(call.argumentsJson(), "json"));
                }
            }
            case TOOL -> heading(md, "Tool " + code(m.toolName().orElse("?")), m, note)
                    .append(fenced(m.content(), ""));
        }
    }

    /**
     * {@code text} as a block quote under a bold {@code label}: every line quoted, so nothing in it (a heading, a
     * fence, HTML) can end the quote or reach the rest of the document.
     */
    static void quoted(StringBuilder md, String label, String text) {
        md.append("> **").append(label).append("**\n>\n");
        for (String line : text.strip().split("\r?\n", -1)) {
            md.append(line.isBlank() ? ">" : "> " + line).append('\n');
        }
        md.append('\n');
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private static void unchecked(IoAction action) {
        try {
            action.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A message's heading: who, when, its status and {@code note}. */
    private static StringBuilder heading(StringBuilder md, String who, StoredMessage m, String note) {
        md.append("### ").append(who).append(" · ").append(WHEN.format(m.createdAt()));
        String status = switch (m.status()) {
            case COMPLETE -> "";
            case STREAMING -> " (still being written)";
            case STOPPED -> " (stopped)";
            case FAILED -> m.role() == Role.TOOL ? " (the tool failed)" : " (failed)";
            case INTERRUPTED -> " (interrupted)";
        };
        return md.append(status).append(note).append("\n\n");
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
