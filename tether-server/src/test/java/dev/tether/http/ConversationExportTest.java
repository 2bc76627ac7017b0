package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tether.api.model.ToolCall;
import dev.tether.server.ServerTest;
import dev.tether.store.MessageStatus;
import dev.tether.store.JobStore;
import dev.tether.store.Lane;
import dev.tether.store.NewMessage;
import dev.tether.store.NewUserMessage;
import dev.tether.store.StoredMessage;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/conversations/{id}/export}: the whole conversation, in turn order, as Markdown or JSON. */
class ConversationExportTest extends ServerTest<HttpHarness> {
    String id;
    long q1;
    long q2;

    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
        id = h.store.createConversation("ada", "Trip to Kyōto / May").id();
        // the second question is sent while the first reply runs, so it is stored before that reply
        q1 = h.store.appendUserMessage(id, "c1", "What is in notes.md?").message().id();
        q2 = h.store.appendUserMessage(id, "c2", "And then?").message().id();
        h.store.appendMessage(NewMessage.assistant(id, "Let me look.", List.of(new ToolCall("call_1", "read_file",
                "{\"path\":\"notes.md\"}")), MessageStatus.COMPLETE).replyingTo(q1));
        h.store.appendMessage(NewMessage.toolResult(id, "call_1", "read_file", "Use ``` to fence code.\n")
                .replyingTo(q1));
        h.store.appendMessage(NewMessage.assistant(id, "It says to fence code with `` ``` ``.", List.of(),
                MessageStatus.COMPLETE).replyingTo(q1));
        h.store.appendMessage(NewMessage.assistant(id, "Then I was st", List.of(), MessageStatus.STOPPED)
                .replyingTo(q2));
    }

    @Test
    void markdownHasTheTitleAndEveryMessageInTurnOrderWithToolStepsFencedSafely() {
        HttpResponse<String> r = h.get("/api/conversations/" + id + "/export");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/markdown; charset=utf-8");
        assertThat(r.headers().firstValue("Content-Disposition")).hasValue("attachment; "
                + "filename=\"Trip to Ky_to _ May.md\"; filename*=UTF-8''Trip%20to%20Ky%C5%8Dto%20_%20May.md");
        String md = r.body();
        assertThat(md).startsWith("# Trip to Kyōto / May\n\nExported from Tether on ")
                .contains(" · 6 messages · started ");
        // each question followed by its answers, though q2 was stored before q1's answers
        assertThat(positions(md, "What is in notes.md?", "Let me look.", "Use ``` to fence code.",
                "It says to fence code", "And then?", "Then I was st")).isSorted();
        assertThat(md).contains("Called `read_file` with:\n\n```json\n{\"path\":\"notes.md\"}\n```\n");
        // the tool output holds a fence of three backticks: its block's fence is longer, so it cannot end early
        assertThat(md).contains("### Tool `read_file` · ").contains("\n````\nUse ``` to fence code.\n````\n");
        assertThat(md).containsPattern("### Assistant · \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(stopped\\)\n\nThen I was st");
        assertThat(md.split("\n---\n", -1)).hasSize(7); // the header, then one section per message
    }

    @Test
    void jsonHasTheConversationAndEveryMessageInTheProtocolsShape() {
        HttpResponse<String> r = h.get("/api/conversations/" + id + "/export?format=json");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(r.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).endsWith("filename*=UTF-8''Trip%20to%20Ky%C5%8Dto%20_%20May.json"));
        JsonNode body = HttpHarness.json(r);
        assertThat(body.get("conversation").get("id").asText()).isEqualTo(id);
        assertThat(body.get("conversation").get("title").asText()).isEqualTo("Trip to Kyōto / May");
        assertThat(body.get("exportedAt").asLong()).isPositive();
        List<String> texts = new ArrayList<>();
        body.get("messages").forEach(m -> texts.add(m.get("text").asText()));
        assertThat(texts).containsExactly("What is in notes.md?", "Let me look.", "Use ``` to fence code.\n",
                "It says to fence code with `` ``` ``.", "And then?", "Then I was st");
        JsonNode call = body.get("messages").get(1).get("toolCalls").get(0);
        assertThat(call.get("name").asText()).isEqualTo("read_file");
        assertThat(body.get("messages").get(5).get("status").asText()).isEqualTo("stopped");
        assertThat(body.get("messages").get(5).get("replyTo").asLong()).isEqualTo(q2);
    }

    @Test
    void thinkingIsAQuotedBlockAboveTheAnswerInMarkdownAndAFieldInJson() {
        String thought = h.store.createConversation("ada", "Sums").id();
        long q = h.store.appendUserMessage(thought, "u1", "6*7?").message().id();
        h.store.appendMessage(NewMessage.assistant(thought, "42.", List.of(), MessageStatus.COMPLETE).replyingTo(q)
                .withThinking("Six times seven.\n\n# Not a heading\n```\n</details>"));

        String md = h.get("/api/conversations/" + thought + "/export").body();
        JsonNode json = HttpHarness.json(h.get("/api/conversations/" + thought + "/export?format=json"));

        assertThat(md).containsPattern("### Assistant · [^\n]*\n\n> \\*\\*Thinking\\*\\*\n>\n> Six times seven\\.\n>\n"
                + "> # Not a heading\n> ```\n> </details>\n\n42\\.\n");
        assertThat(json.get("messages").get(1).get("thinking").asText()).startsWith("Six times seven.");
        assertThat(json.get("messages").get(0).has("thinking")).isFalse();
    }

    @Test
    void anAnswerReplacedByAskingAgainIsMarkedSoInMarkdown() {
        String again = h.store.createConversation("ada", "Colours").id();
        long q = h.store.appendUserMessage(again, "u1", "Name a colour").message().id();
        h.store.appendMessage(NewMessage.assistant(again, "Blue", List.of(), MessageStatus.COMPLETE).replyingTo(q));
        h.store.appendMessage(NewMessage.assistant(again, "Green", List.of(), MessageStatus.COMPLETE).replyingTo(q));

        String md = h.get("/api/conversations/" + again + "/export").body();

        assertThat(md).containsPattern("### Assistant · [^\\n]* \\(replaced by a later answer\\)\\n\\nBlue\\n")
                .containsPattern("### Assistant · [^\\n(]*\\n\\nGreen\\n");
    }

    @Test
    void anEditedQuestionAndItsAnswerAreMarkedSoAndTheEditSaysWhatItReplaces() {
        String edited = h.store.createConversation("ada", "Edits").id();
        long q = h.store.appendUserMessage(edited, "u1", "Name a colur").message().id();
        h.store.appendMessage(NewMessage.assistant(edited, "Did you mean colour?", List.of(), MessageStatus.COMPLETE)
                .replyingTo(q));
        long edit = ((JobStore) h.store).submitUserMessage(new NewUserMessage(edited, "u2", "Name a colour", Optional.of(q)),
                Lane.INTERACTIVE).message().id();
        h.store.appendMessage(NewMessage.assistant(edited, "Blue", List.of(), MessageStatus.COMPLETE)
                .replyingTo(edit));

        String md = h.get("/api/conversations/" + edited + "/export").body();

        assertThat(md).containsPattern("### You · [^\\n]* \\(edited: replaced by a later question\\)\\n\\nName a colur\\n")
                .containsPattern("### Assistant · [^\\n]* \\(answer to an edited question\\)\\n\\nDid you mean colour\\?\\n")
                .containsPattern("### You · [^\\n]* \\(edited question, replaces the one above\\)\\n\\nName a colour\\n")
                .containsPattern("### Assistant · [^\\n(]*\\n\\nBlue\\n");
        JsonNode json = HttpHarness.json(h.get("/api/conversations/" + edited + "/export?format=json"));
        assertThat(json.get("messages").get(2).get("replaces").asLong()).isEqualTo(q);
    }

    @Test
    void aLongConversationIsExportedWhole() {
        String longOne = h.store.createConversation("ada", "Long").id();
        for (int i = 0; i < 600; i++) {
            long q = h.store.appendUserMessage(longOne, "u" + i, "Question " + i).message().id();
            h.store.appendMessage(NewMessage.assistant(longOne, "Answer " + i, List.of(), MessageStatus.COMPLETE)
                    .replyingTo(q));
        }

        JsonNode body = HttpHarness.json(h.get("/api/conversations/" + longOne + "/export?format=json"));

        assertThat(body.get("messages")).hasSize(1200);
        assertThat(body.get("messages").get(1199).get("text").asText()).isEqualTo("Answer 599");
        List<StoredMessage> stored = h.store.messagesAfter(longOne, 0, 500);
        assertThat(body.get("messages").get(0).get("id").asLong()).isEqualTo(stored.getFirst().id());
    }

    @Test
    void anotherUsersConversationIs404AndAnUnknownFormatIs400NamingIt() {
        String bobs = h.store.createConversation("bob", "Bob's").id();

        HttpResponse<String> others = h.get("/api/conversations/" + bobs + "/export");
        HttpResponse<String> badFormat = h.get("/api/conversations/" + id + "/export?format=pdf");

        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(HttpHarness.json(others).get("error").get("code").asText()).isEqualTo("not_found");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(HttpHarness.json(badFormat).get("error").get("message").asText())
                .isEqualTo("Query parameter 'format' must be 'markdown' or 'json' but was 'pdf'. Leave it out for "
                        + "Markdown.");
        assertThat(badFormat.headers().firstValue("Content-Disposition")).isEmpty();
    }

    @Test
    void inlineCodeAndFencesOutlastTheBackticksInside() {
        assertThat(ConversationExport.code("read_file")).isEqualTo("`read_file`");
        assertThat(ConversationExport.code("a`b")).isEqualTo("``a`b``");
        assertThat(ConversationExport.code("`x`")).isEqualTo("`` `x` ``");
        assertThat(ConversationExport.fenced("plain", "")).isEqualTo("```\nplain\n```\n");
        assertThat(ConversationExport.fenced("````\n", "")).isEqualTo("`````\n````\n`````\n");
        assertThat(ConversationExport.attachment("..", ".md")).isEqualTo(
                "attachment; filename=\"conversation.md\"; filename*=UTF-8''conversation.md");
        assertThat(ConversationExport.attachment("a\"b\r\nc", ".md")).startsWith("attachment; filename=\"a_b c.md\"");
    }

    private static List<Integer> positions(String text, String... parts) {
        List<Integer> at = new ArrayList<>();
        for (String p : parts) {
            int i = text.indexOf(p);
            assertThat(i).as("'%s' in the export", p).isNotNegative();
            at.add(i);
        }
        return at;
    }
}
