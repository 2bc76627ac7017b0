package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.model.ToolCall;
import dev.tether.store.MessageStatus;
import dev.tether.store.Role;
import dev.tether.store.StoredMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link ExportReader}: turn order in two passes, with only a page's worth of whole messages held at a time. */
class ExportReaderTest {
    static final int PAGE = 10;
    static final int CACHE = 20;

    final List<StoredMessage> stored = new ArrayList<>();
    final AtomicInteger queries = new AtomicInteger();
    final AtomicInteger rows = new AtomicInteger();
    final ExportReader reader = new ExportReader((after, limit) -> {
        assertThat(limit).isEqualTo(PAGE);
        queries.incrementAndGet();
        List<StoredMessage> page = stored.stream().filter(m -> m.id() > after).limit(limit).toList();
        rows.addAndGet(page.size());
        return page;
    }, PAGE, CACHE);

    long store(Role role, String text, MessageStatus status, Optional<Long> replyTo, List<ToolCall> calls) {
        long id = stored.size() + 1;
        stored.add(new StoredMessage(id, "c", role, text, calls, Optional.empty(), Optional.empty(), status,
                Optional.empty(), Instant.EPOCH, replyTo));
        return id;
    }

    long question(String text) {
        return store(Role.USER, text, MessageStatus.COMPLETE, Optional.empty(), List.of());
    }

    void answer(long question, String text) {
        store(Role.ASSISTANT, text, MessageStatus.COMPLETE, Optional.of(question), List.of());
    }

    List<StoredMessage> exported(ExportReader.Plan plan) {
        List<StoredMessage> out = new ArrayList<>();
        reader.read(plan, out::add);
        return out;
    }

    @Test
    void messagesComeWholeAndInTurnOrderWithFewQueriesAndABoundedCache() {
        List<Long> firstQuestions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            long q = question("q" + i);
            firstQuestions.add(q);
            if (i % 3 == 0) {
                long during = question("q" + i + " sent while the reply ran"); // stored before the reply
                store(Role.ASSISTANT, "", MessageStatus.COMPLETE, Optional.of(q),
                        List.of(new ToolCall("call-" + i, "read_file", "{\"path\":\"a.md\"}")));
                store(Role.TOOL, "text of a.md", MessageStatus.COMPLETE, Optional.of(q), List.of());
                answer(q, "a" + i);
                answer(during, "a" + i + " (second)");
            } else {
                answer(q, "a" + i);
            }
        }
        answer(firstQuestions.get(1), "a1, asked again much later");

        ExportReader.Plan plan = reader.plan();
        int planQueries = queries.getAndSet(0);
        rows.set(0);
        List<StoredMessage> out = exported(plan);

        assertThat(out).containsExactlyElementsOf(ExportReader.turnOrder(stored)); // whole messages, in turn order
        int q1 = out.stream().map(StoredMessage::content).toList().indexOf("q1");
        assertThat(out.get(q1 + 2).content()).isEqualTo("a1, asked again much later");
        assertThat(planQueries).isEqualTo(stored.size() / PAGE + 1);
        // a page per PAGE messages, and one more for the answer far from its question
        assertThat(queries.get()).isLessThanOrEqualTo(stored.size() / PAGE + 3);
        assertThat(rows.get()).isLessThanOrEqualTo(stored.size() + 3 * PAGE);
    }

    @Test
    void answersStoredInTheReverseOrderOfTheirQuestionsStillKeepTheCacheWithinItsBound() {
        // every answer is far from its question and each page read for one brings back messages already handed on
        List<Long> questions = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            questions.add(question("q" + i));
        }
        for (int i = 39; i >= 0; i--) {
            answer(questions.get(i), "a" + i);
        }

        List<StoredMessage> out = exported(reader.plan());

        assertThat(out).containsExactlyElementsOf(ExportReader.turnOrder(stored));
        assertThat(reader.largestCache()).isLessThanOrEqualTo(CACHE);
    }

    @Test
    void anAnswerReplacedByALaterOneIsMarked() {
        long q = question("name a colour");
        answer(q, "Blue");
        answer(q, "Green");

        ExportReader.Plan plan = reader.plan();

        assertThat(plan.replaced()).containsExactly(2L);
        assertThat(exported(plan)).extracting(StoredMessage::content).containsExactly("name a colour", "Blue", "Green");
    }

    @Test
    void aMessageDeletedAfterThePlanIsSkippedAndOneAddedAfterItIsNotExported() {
        for (int i = 0; i < 30; i++) {
            answer(question("q" + i), "a" + i);
        }
        ExportReader.Plan plan = reader.plan();
        stored.remove(25);
        answer(question("too late"), "too late");

        List<StoredMessage> out = exported(plan);

        assertThat(out).hasSize(59);
        assertThat(out).extracting(StoredMessage::id).doesNotContain(26L).allMatch(id -> id <= 60);
    }
}
