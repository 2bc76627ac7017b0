package dev.tether.faults.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.faults.history.Entry;
import dev.tether.faults.history.History;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checker finds each kind of anomaly in a synthetic history, and nothing in a correct one. */
class CheckerTest {
    private static final String C = "conv1";

    /** A history written the way {@link dev.tether.faults.client.ChatClient} records one. */
    private static final class Script {
        final History history = new History("tab1");
        long at = 1_000_000;
        int connection;

        Script connect() {
            connection++;
            return add(Entry.Kind.CONNECT, "", 0);
        }

        Script closed(int code) {
            return add(Entry.Kind.CLOSED, "gone", code);
        }

        Script sent(String json) {
            return add(Entry.Kind.SENT, json, 0);
        }

        Script recv(String json) {
            return add(Entry.Kind.RECV, json, 0);
        }

        Script firstSubscribe(String epoch, long seq, String snapshotMessages) {
            sent("{\"type\":\"subscribe\",\"id\":\"sub:1\",\"conversation\":\"" + C + "\"}");
            recv("{\"type\":\"subscribed\",\"id\":\"sub:1\",\"conversation\":\"" + C + "\",\"epoch\":\"" + epoch
                    + "\",\"resumed\":false,\"reason\":\"new\"}");
            return recv("{\"type\":\"snapshot\",\"conversation\":\"" + C + "\",\"epoch\":\"" + epoch + "\",\"seq\":" + seq
                    + ",\"messages\":[" + snapshotMessages + "],\"inflight\":null,\"queued\":0}");
        }

        Script send(String cid, long messageId) {
            sent("{\"type\":\"send\",\"id\":\"s:" + cid + ":1\",\"conversation\":\"" + C + "\",\"clientMessageId\":\""
                    + cid + "\",\"text\":\"hi\"}");
            return recv("{\"type\":\"ack\",\"id\":\"s:" + cid + ":1\",\"clientMessageId\":\"" + cid
                    + "\",\"messageId\":" + messageId + ",\"duplicate\":false}");
        }

        Script event(String epoch, long seq, String type, String fields) {
            return recv("{\"type\":\"" + type + "\",\"conversation\":\"" + C + "\",\"epoch\":\"" + epoch + "\",\"seq\":"
                    + seq + (fields.isEmpty() ? "" : "," + fields) + "}");
        }

        /** user_message, turn_started, one delta per piece, turn_completed: positions from {@code seq}. */
        Script turn(String epoch, long seq, long user, long reply, String... pieces) {
            event(epoch, seq++, "user_message", "\"messageId\":" + user);
            event(epoch, seq++, "turn_started", "\"userMessageId\":" + user);
            for (String p : pieces) {
                event(epoch, seq++, "delta", "\"text\":\"" + p + "\"");
            }
            return event(epoch, seq, "turn_completed", "\"messageId\":" + reply + ",\"status\":\"complete\",\"text\":\""
                    + String.join("", pieces) + "\"");
        }

        private Script add(Entry.Kind kind, String text, int code) {
            at += 1000;
            history.add(new Entry(at, connection, kind, text, code));
            return this;
        }
    }

    private static StoreContents store(StoredMsg... messages) {
        return new StoreContents(List.of(messages));
    }

    private static StoredMsg user(long id, String cid) {
        return new StoredMsg(id, C, "user", "complete", "hi", cid);
    }

    private static StoredMsg reply(long id, String status, String text) {
        return new StoredMsg(id, C, "assistant", status, text, "");
    }

    private static StoredMsg reply(long id, String status, String text, long replyTo) {
        return new StoredMsg(id, C, "assistant", status, text, "", replyTo);
    }

    private static CheckResult check(Script s, StoreContents store) {
        return Checker.check(List.of(s.history), store);
    }

    private static Script oneCorrectTurn() {
        return new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1).turn("e1", 1, 1, 2, "Hel", "lo");
    }

    @Test
    void aCorrectHistoryHasNoAnomalies() {
        CheckResult r = check(oneCorrectTurn(), store(user(1, "tab1-1"), reply(2, "complete", "Hello")));

        assertThat(r.anomalies()).isEmpty();
        assertThat(r.eventsChecked()).isEqualTo(6);
        assertThat(r.acknowledged()).isEqualTo(1);
    }

    @Test
    void aMissingPositionIsAGapAndCountsAsLost() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1)
                .event("e1", 1, "user_message", "\"messageId\":1").event("e1", 2, "turn_started", "\"userMessageId\":1")
                .event("e1", 4, "delta", "\"text\":\"lo\"");

        CheckResult r = check(s, store(user(1, "tab1-1"), reply(2, "complete", "Hello")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.GAP);
        assertThat(r.lost()).isGreaterThanOrEqualTo(1);
        assertThat(r.anomalies().getFirst().detail()).contains("after position 2").contains("4..4");
    }

    @Test
    void aRepeatedPositionIsADuplicate() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1)
                .event("e1", 1, "user_message", "\"messageId\":1").event("e1", 2, "turn_started", "\"userMessageId\":1")
                .event("e1", 3, "delta", "\"text\":\"Hel\"").event("e1", 3, "delta", "\"text\":\"Hel\"")
                .event("e1", 4, "delta", "\"text\":\"lo\"")
                .event("e1", 5, "turn_completed", "\"messageId\":2,\"status\":\"complete\",\"text\":\"Hello\"");

        CheckResult r = check(s, store(user(1, "tab1-1"), reply(2, "complete", "Hello")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.DUPLICATE);
        assertThat(r.duplicated()).isEqualTo(1);
    }

    @Test
    void renderedTextThatDiffersFromTheStoreIsAMismatch() {
        CheckResult r = check(oneCorrectTurn(), store(user(1, "tab1-1"), reply(2, "complete", "Hello!")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.TEXT_MISMATCH);
        assertThat(r.anomalies().getFirst().detail()).contains("message 2").contains("index 5");
    }

    @Test
    void anAcknowledgedMessageWithoutAFinalReplyIsMissingItsReply() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1);

        CheckResult r = check(s, store(user(1, "tab1-1"), reply(2, "interrupted", "Hel")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.NO_REPLY);
        assertThat(r.anomalies().getFirst().detail()).contains("user message 1 (tab1-1, acknowledged)")
                .contains("2 assistant interrupted 'Hel'");
        assertThat(r.lost()).isEqualTo(1);
    }

    @Test
    void aReplyLeftStreamingIsUnrecoveredAndNoReply() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1);

        CheckResult r = check(s, store(user(1, "tab1-1"), reply(2, "streaming", "Hel")));

        assertThat(r.anomalies()).extracting(Anomaly::kind)
                .containsExactlyInAnyOrder(Anomaly.Kind.UNRECOVERED, Anomaly.Kind.NO_REPLY);
    }

    @Test
    void twoFinalRepliesToOneMessageAreADoubledReplyButAnInterruptedOneIsNot() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1).closed(1000);

        CheckResult doubled = check(s, store(user(1, "tab1-1"), reply(2, "complete", "a"), reply(3, "complete", "b")));
        CheckResult rerun = check(s, store(user(1, "tab1-1"), reply(2, "interrupted", "a"), reply(3, "complete", "b")));

        assertThat(doubled.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.DOUBLE_REPLY);
        assertThat(doubled.duplicated()).isEqualTo(1);
        assertThat(rerun.anomalies()).isEmpty();
    }

    @Test
    void anAcknowledgedMessageMissingFromTheStoreIsLost() {
        CheckResult r = check(oneCorrectTurn(), store(reply(2, "complete", "Hello")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.ACK_LOST);
    }

    @Test
    void aUserMessageStoredTwiceForOneClientIdIsADuplicate() {
        CheckResult r = check(oneCorrectTurn(), store(user(1, "tab1-1"), reply(2, "complete", "Hello"),
                user(3, "tab1-1"), reply(4, "complete", "again")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.STORED_TWICE);
    }

    @Test
    void aResumeMustStartRightAfterThePositionAskedFor() {
        Script s = oneCorrectTurn().closed(1006).connect()
                .sent("{\"type\":\"subscribe\",\"id\":\"sub:2\",\"conversation\":\"" + C + "\",\"epoch\":\"e1\",\"after\":5}")
                .recv("{\"type\":\"subscribed\",\"id\":\"sub:2\",\"conversation\":\"" + C
                        + "\",\"epoch\":\"e1\",\"resumed\":true,\"from\":7,\"to\":7}");

        CheckResult r = check(s, store(user(1, "tab1-1"), reply(2, "complete", "Hello")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.PROTOCOL);
        assertThat(r.anomalies().getFirst().detail()).contains("from 7").contains("after 5");
        assertThat(r.resumeMillis()).hasSize(1);
    }

    @Test
    void anEventBeforeTheSnapshotThatMustFollowCannotResumeIsAProtocolViolation() {
        Script s = oneCorrectTurn().closed(1006).connect()
                .sent("{\"type\":\"subscribe\",\"id\":\"sub:2\",\"conversation\":\"" + C + "\",\"epoch\":\"e1\",\"after\":5}")
                .recv("{\"type\":\"subscribed\",\"id\":\"sub:2\",\"conversation\":\"" + C
                        + "\",\"epoch\":\"e2\",\"resumed\":false,\"reason\":\"epoch_changed\"}")
                .event("e2", 1, "user_message", "\"messageId\":3");

        CheckResult r = check(s, store(user(1, "tab1-1"), reply(2, "complete", "Hello")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.PROTOCOL);
    }

    @Test
    void aClientLiveAtTheEndMustHaveSeenEveryStoredReply() {
        CheckResult r = check(oneCorrectTurn(), store(user(1, "tab1-1"), reply(2, "complete", "Hello"),
                user(3, "other-1"), reply(4, "complete", "unseen")));

        assertThat(r.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.MISSING_IN_VIEW);
        assertThat(r.anomalies().getFirst().detail()).contains("4 assistant complete 'unseen'");
    }

    @Test
    void aSnapshotAfterARestartReplacesTheViewAndIsComparedWithTheStore() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1)
                .event("e1", 1, "user_message", "\"messageId\":1").event("e1", 2, "turn_started", "\"userMessageId\":1")
                .event("e1", 3, "delta", "\"text\":\"Hel\"").closed(1006).connect()
                .sent("{\"type\":\"subscribe\",\"id\":\"sub:2\",\"conversation\":\"" + C + "\",\"epoch\":\"e1\",\"after\":3}")
                .recv("{\"type\":\"subscribed\",\"id\":\"sub:2\",\"conversation\":\"" + C
                        + "\",\"epoch\":\"e2\",\"resumed\":false,\"reason\":\"epoch_changed\"}")
                .recv("{\"type\":\"snapshot\",\"conversation\":\"" + C + "\",\"epoch\":\"e2\",\"seq\":0,\"messages\":["
                        + "{\"id\":1,\"role\":\"user\",\"text\":\"hi\",\"status\":\"complete\"},"
                        + "{\"id\":2,\"role\":\"assistant\",\"text\":\"He\",\"status\":\"interrupted\"}],"
                        + "\"inflight\":{\"userMessageId\":1,\"text\":\"Hel\"},\"queued\":0}")
                .event("e2", 1, "delta", "\"text\":\"lo\"")
                .event("e2", 2, "turn_completed", "\"messageId\":3,\"status\":\"complete\",\"text\":\"Hello\"");

        CheckResult clean = check(s, store(user(1, "tab1-1"), reply(2, "interrupted", "He"), reply(3, "complete", "Hello")));
        CheckResult wrongPartial = check(s, store(user(1, "tab1-1"), reply(2, "interrupted", "H"),
                reply(3, "complete", "Hello")));

        assertThat(clean.anomalies()).isEmpty();
        assertThat(clean.resumeMillis()).hasSize(1);
        assertThat(wrongPartial.anomalies()).extracting(Anomaly::kind).containsExactly(Anomaly.Kind.TEXT_MISMATCH);
    }

    @Test
    void repliesArePairedByTheUserMessageTurnStartedNamedNotByStoreOrder() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1).send("tab1-2", 2)
                .event("e1", 1, "turn_started", "\"userMessageId\":1")
                .event("e1", 2, "turn_completed", "\"messageId\":3,\"status\":\"complete\",\"text\":\"\"")
                .event("e1", 3, "turn_started", "\"userMessageId\":2")
                .event("e1", 4, "turn_completed", "\"messageId\":4,\"status\":\"complete\",\"text\":\"\"");
        List<StoredMsg> queued = new ArrayList<>(List.of(user(1, "tab1-1"), user(2, "tab1-2"),
                reply(3, "complete", ""), reply(4, "complete", "")));

        CheckResult r = Checker.check(List.of(s.history), new StoreContents(queued));

        assertThat(r.anomalies()).isEmpty();
    }

    @Test
    void repliesArePairedByTheStoredReplyToWhenNoClientSawThemStart() {
        // both messages queued; the first was re-run after restarts and its final reply is stored after the
        // second question's interrupted attempt: storage order alone would pair 5 with message 2
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1).send("tab1-2", 2)
                .closed(1006);
        StoreContents store = store(user(1, "tab1-1"), user(2, "tab1-2"), reply(3, "interrupted", "a", 1),
                reply(4, "interrupted", "a", 1), reply(5, "complete", "ab", 1), reply(6, "complete", "cd", 2));

        assertThat(check(s, store).anomalies()).isEmpty();

        StoreContents unanswered = store(user(1, "tab1-1"), user(2, "tab1-2"), reply(3, "interrupted", "a", 1),
                reply(5, "complete", "ab", 2), reply(6, "complete", "cd", 2));
        assertThat(check(s, unanswered).anomalies()).extracting(Anomaly::kind)
                .containsExactlyInAnyOrder(Anomaly.Kind.NO_REPLY, Anomaly.Kind.DOUBLE_REPLY);
    }

    @Test
    void aReplyStoredForOneQuestionButAnnouncedForAnotherIsAProtocolViolation() {
        Script s = new Script().connect().firstSubscribe("e1", 0, "").send("tab1-1", 1)
                .event("e1", 1, "turn_started", "\"userMessageId\":1")
                .event("e1", 2, "turn_completed", "\"messageId\":3,\"status\":\"complete\",\"text\":\"\"");

        CheckResult r = check(s, store(user(1, "tab1-1"), user(2, "other"), reply(3, "complete", "", 2)));

        assertThat(r.anomalies()).extracting(Anomaly::kind).contains(Anomaly.Kind.PROTOCOL);
        assertThat(r.anomalies()).anySatisfy(a -> assertThat(a.detail())
                .contains("stored as the reply to user message 2").contains("announced it for user message 1"));
    }
}
