package dev.tether.faults.check;

import dev.tether.faults.history.History;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Jepsen-style judge: replays every client's history (see {@link HistoryReplay}), then compares the
 * acknowledgements and replies with the store:
 * <ul>
 *   <li>every acknowledged user message is stored exactly once, under the id the ack named;</li>
 *   <li>every acknowledged user message has exactly one final reply (complete, stopped or failed); replies
 *       marked interrupted are ignored; an unacknowledged one has at most one;</li>
 *   <li>no assistant message is still streaming once the server has stopped.</li>
 * </ul>
 * Which reply answers which user message is what the server stored with the reply ({@code replyTo}); it must
 * agree with what clients saw ({@code turn_started} names the user message the reply is for). A reply that
 * names no question (none should, in these workloads) is paired by what clients saw, or else with the nearest
 * earlier user message.
 */
public final class Checker {
    private Checker() {
    }

    public static CheckResult check(List<History> histories, StoreContents store) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<Long, Long> answers = new HashMap<>();
        List<HistoryReplay.Ack> acks = new ArrayList<>();
        List<Double> resumes = new ArrayList<>();
        long events = 0;
        for (History h : histories) {
            HistoryReplay replay = new HistoryReplay(h, store, anomalies);
            replay.run();
            events += replay.eventsChecked;
            acks.addAll(replay.acks);
            replay.resumeMicros.forEach(us -> resumes.add(us / 1000.0));
            replay.answers.forEach((assistant, user) -> {
                Long other = answers.putIfAbsent(assistant, user);
                if (other != null && !other.equals(user)) {
                    anomalies.add(new Anomaly(Anomaly.Kind.PROTOCOL, h.client(), "", 0, "message " + assistant
                            + " was announced as the reply to user message " + user + " and elsewhere to " + other));
                }
            });
        }
        Set<String> conversations = new HashSet<>();
        acks.forEach(a -> conversations.add(a.conversation()));
        store.conversations().forEach(conversations::add);
        Set<String> ackedKeys = new HashSet<>();
        for (String conversation : conversations) {
            checkAcks(conversation, acks, store, anomalies, ackedKeys);
            checkReplies(conversation, store, answers, ackedKeys, anomalies);
        }
        long lost = anomalies.stream().filter(a -> a.kind().lost).mapToLong(Anomaly::count).sum();
        long duplicated = anomalies.stream().filter(a -> a.kind().duplicated).mapToLong(Anomaly::count).sum();
        return new CheckResult(anomalies, events, lost, duplicated, resumes, ackedKeys.size(), store.size());
    }

    private static void checkAcks(String conversation, List<HistoryReplay.Ack> acks, StoreContents store,
                                  List<Anomaly> anomalies, Set<String> ackedKeys) {
        Map<String, Set<Long>> ackedIds = new HashMap<>();
        Map<String, String> firstClient = new HashMap<>();
        for (HistoryReplay.Ack a : acks) {
            if (a.conversation().equals(conversation)) {
                ackedIds.computeIfAbsent(a.clientMessageId(), k -> new HashSet<>()).add(a.messageId());
                firstClient.putIfAbsent(a.clientMessageId(), a.client());
            }
        }
        for (var e : ackedIds.entrySet()) {
            String cid = e.getKey();
            ackedKeys.add(conversation + "/" + cid);
            List<StoredMsg> stored = store.messages(conversation).stream()
                    .filter(m -> m.user() && m.clientMessageId().equals(cid)).toList();
            String client = firstClient.get(cid);
            if (stored.isEmpty()) {
                anomalies.add(new Anomaly(Anomaly.Kind.ACK_LOST, client, conversation, 1, "user message " + cid
                        + " was acknowledged as message " + e.getValue() + " but is not in the store"));
            } else if (stored.size() > 1) {
                anomalies.add(new Anomaly(Anomaly.Kind.STORED_TWICE, client, conversation, stored.size() - 1,
                        "user message " + cid + " is stored " + stored.size() + " times: "
                                + stored.stream().map(StoredMsg::describe).toList()));
            } else if (e.getValue().size() != 1 || !e.getValue().contains(stored.getFirst().id())) {
                anomalies.add(new Anomaly(Anomaly.Kind.PROTOCOL, client, conversation, 0, "user message " + cid
                        + " was acknowledged as message(s) " + e.getValue() + " but is stored as "
                        + stored.getFirst().id()));
            }
        }
    }

    private static void checkReplies(String conversation, StoreContents store, Map<Long, Long> answers,
                                     Set<String> ackedKeys, List<Anomaly> anomalies) {
        Map<Long, List<StoredMsg>> replies = new HashMap<>();
        long previousUser = 0;
        for (StoredMsg m : store.messages(conversation)) {
            if (m.user()) {
                previousUser = m.id();
                replies.put(m.id(), new ArrayList<>());
            } else if (m.assistant()) {
                Long announced = answers.get(m.id());
                if (m.replyTo() != 0 && announced != null && announced != m.replyTo()) {
                    anomalies.add(new Anomaly(Anomaly.Kind.PROTOCOL, "store", conversation, 0, "assistant message "
                            + m.describe() + " is stored as the reply to user message " + m.replyTo()
                            + " but turn_started announced it for user message " + announced));
                }
                long user = m.replyTo() != 0 ? m.replyTo() : announced != null ? announced : previousUser;
                replies.computeIfAbsent(user, u -> new ArrayList<>()).add(m);
                if (m.status().equals("streaming")) {
                    anomalies.add(new Anomaly(Anomaly.Kind.UNRECOVERED, "store", conversation, 1, "assistant message "
                            + m.describe() + " (reply to user message " + user + ") is still streaming after the "
                            + "server stopped: a crash left it unmarked (expected interrupted, or a final status)"));
                }
            }
        }
        for (StoredMsg u : store.messages(conversation)) {
            if (!u.user()) {
                continue;
            }
            List<StoredMsg> all = replies.get(u.id());
            List<StoredMsg> finals = all.stream().filter(StoredMsg::finalReply).toList();
            boolean acked = ackedKeys.contains(conversation + "/" + u.clientMessageId());
            String who = "user message " + u.id() + " (" + u.clientMessageId() + (acked ? ", acknowledged)" : ")");
            if (finals.isEmpty() && acked) {
                anomalies.add(new Anomaly(Anomaly.Kind.NO_REPLY, "store", conversation, 1, who
                        + " has no final reply; assistant messages answering it: "
                        + all.stream().map(StoredMsg::describe).toList()));
            } else if (finals.size() > 1) {
                anomalies.add(new Anomaly(Anomaly.Kind.DOUBLE_REPLY, "store", conversation, finals.size() - 1, who
                        + " has " + finals.size() + " final replies: " + finals.stream().map(StoredMsg::describe).toList()));
            }
        }
    }
}
