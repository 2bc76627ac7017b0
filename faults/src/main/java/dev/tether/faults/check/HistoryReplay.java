package dev.tether.faults.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tether.faults.client.ChatClient;
import dev.tether.faults.history.Entry;
import dev.tether.faults.history.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays one client's history the way the protocol says a client must read it, and reports every departure:
 * positions within an epoch strictly consecutive from the first event after a subscribe (no gap, no duplicate),
 * a resume that starts right after the position the client asked for, a snapshot after every "cannot resume"
 * and no event before it, and the text rendered for each reply (snapshot text plus deltas) equal to the stored
 * text. Also collects what the store checks need: acknowledgements, which reply answered which user message,
 * and resume times. Not thread-safe; one instance per history.
 */
final class HistoryReplay {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final History history;
    private final StoreContents store;
    private final List<Anomaly> anomalies;
    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private final Map<String, JsonNode> sends = new HashMap<>();
    final List<Ack> acks = new ArrayList<>();
    /** Assistant message id to the user message id a turn_started named for it. */
    final Map<Long, Long> answers = new HashMap<>();
    final List<Long> resumeMicros = new ArrayList<>();
    long eventsChecked;
    private final java.util.Set<Long> mismatched = new java.util.HashSet<>();
    private long now;
    private boolean connectionOpen;
    private boolean viewChecked;
    private boolean everConnected;
    private long reconnectStart = -1;

    /** An acknowledged send: which conversation, which client id, which stored id the server named. */
    record Ack(String client, String conversation, String clientMessageId, long messageId) { }

    private enum Phase { NONE, AWAIT_SUBSCRIBED, AWAIT_SNAPSHOT, LIVE }

    private static final class Track {
        final String conversation;
        Phase phase = Phase.NONE;
        String epoch;
        long last = -1;
        String askedEpoch;
        long askedAfter = -1;
        /** What the client shows: message id to rendered text and status, from the last snapshot on. */
        final Map<Long, Rendered> view = new LinkedHashMap<>();
        /** Store messages with an id up to here may be missing from the view (the snapshot held a page only). */
        long floor;
        StringBuilder inflight;
        long inflightUser;

        Track(String conversation) {
            this.conversation = conversation;
        }
    }

    record Rendered(String text, String status) { }

    HistoryReplay(History history, StoreContents store, List<Anomaly> anomalies) {
        this.history = history;
        this.store = store;
        this.anomalies = anomalies;
    }

    void run() {
        for (Entry e : history.entries()) {
            now = e.atMicros();
            switch (e.kind()) {
                case CONNECT -> connect(e);
                case CLOSED -> connectionOpen = false;
                case SENT -> sent(parse(e.text()));
                case RECV -> received(parse(e.text()));
                case NOTE -> {
                    if (e.text().startsWith(ChatClient.CLOSING_NOTE)) {
                        checkFinalViews();
                    }
                }
            }
        }
        if (connectionOpen) {
            checkFinalViews();
        }
    }

    private void connect(Entry e) {
        if (everConnected && reconnectStart < 0) {
            reconnectStart = e.atMicros();
        }
        everConnected = true;
        connectionOpen = true;
        tracks.values().forEach(t -> t.phase = Phase.NONE);
    }

    private void sent(JsonNode f) {
        switch (f.path("type").asText()) {
            case "subscribe" -> {
                Track t = track(f.path("conversation").asText());
                t.phase = Phase.AWAIT_SUBSCRIBED;
                t.askedEpoch = f.path("epoch").asText(null);
                t.askedAfter = f.has("after") ? f.path("after").asLong() : -1;
            }
            case "send" -> sends.put(f.path("id").asText(), f);
            default -> { }
        }
    }

    private void received(JsonNode f) {
        String type = f.path("type").asText();
        switch (type) {
            case "subscribed" -> subscribed(f);
            case "snapshot" -> snapshot(f);
            case "ack" -> ack(f);
            default -> {
                if (f.has("seq") && f.has("conversation")) {
                    positioned(f);
                }
            }
        }
    }

    private void subscribed(JsonNode f) {
        Track t = track(f.path("conversation").asText());
        if (t.phase != Phase.AWAIT_SUBSCRIBED) {
            flag(Anomaly.Kind.PROTOCOL, t, 0, "'subscribed' while " + t.phase + " (no subscribe outstanding): " + f);
        }
        if (!f.path("resumed").asBoolean()) {
            t.phase = Phase.AWAIT_SNAPSHOT;
            t.epoch = f.path("epoch").asText();
            return;
        }
        long from = f.path("from").asLong();
        if (!f.path("epoch").asText().equals(t.askedEpoch) || from != t.askedAfter + 1) {
            flag(Anomaly.Kind.PROTOCOL, t, 0, "resumed at epoch " + f.path("epoch").asText() + " from " + from
                    + " but the client asked for epoch " + t.askedEpoch + " after " + t.askedAfter);
        }
        t.epoch = f.path("epoch").asText();
        t.last = from - 1;
        t.phase = Phase.LIVE;
        maybeResumed();
    }

    private void snapshot(JsonNode f) {
        Track t = track(f.path("conversation").asText());
        if (t.phase != Phase.AWAIT_SNAPSHOT) {
            flag(Anomaly.Kind.PROTOCOL, t, 0, "snapshot at seq " + f.path("seq").asLong() + " while " + t.phase
                    + " (a snapshot must follow 'subscribed' with resumed=false)");
        }
        eventsChecked++;
        t.epoch = f.path("epoch").asText();
        t.last = f.path("seq").asLong();
        t.view.clear();
        long minId = Long.MAX_VALUE;
        for (JsonNode m : f.path("messages")) {
            long id = m.path("id").asLong();
            minId = Math.min(minId, id);
            if (m.path("role").asText().equals("assistant")) {
                t.view.put(id, new Rendered(m.path("text").asText(), m.path("status").asText()));
            }
        }
        t.floor = f.hasNonNull("olderCursor") && minId != Long.MAX_VALUE ? minId - 1 : 0;
        JsonNode inflight = f.path("inflight");
        if (inflight.isObject()) {
            t.inflight = new StringBuilder(inflight.path("text").asText());
            t.inflightUser = inflight.path("userMessageId").asLong();
        } else {
            t.inflight = null;
            t.inflightUser = 0;
        }
        t.phase = Phase.LIVE;
        maybeResumed();
    }

    /** After a reconnect: once every conversation is live again, the time since the reconnect began. */
    private void maybeResumed() {
        if (reconnectStart >= 0 && tracks.values().stream().allMatch(t -> t.phase == Phase.LIVE)) {
            resumeMicros.add(now - reconnectStart);
            reconnectStart = -1;
        }
    }

    private void ack(JsonNode f) {
        String cid = f.path("clientMessageId").asText("");
        JsonNode send = sends.get(f.path("id").asText());
        if (!cid.isEmpty() && send != null) {
            acks.add(new Ack(history.client(), send.path("conversation").asText(), cid, f.path("messageId").asLong()));
        }
    }

    private void positioned(JsonNode f) {
        Track t = track(f.path("conversation").asText());
        long seq = f.path("seq").asLong();
        long first = f.has("firstSeq") ? f.path("firstSeq").asLong() : seq;
        eventsChecked += Math.max(1, seq - first + 1);
        if (t.phase != Phase.LIVE) {
            flag(Anomaly.Kind.PROTOCOL, t, 0, "event " + f.path("type").asText() + " seq " + seq + " while "
                    + t.phase + " (events may only follow 'subscribed' with resumed=true, or a snapshot)");
            return;
        }
        if (!f.path("epoch").asText().equals(t.epoch)) {
            flag(Anomaly.Kind.PROTOCOL, t, 0, "event seq " + seq + " of epoch " + f.path("epoch").asText()
                    + " while subscribed at epoch " + t.epoch);
            return;
        }
        if (seq <= t.last) {
            long repeated = Math.min(seq, t.last) - first + 1;
            flag(Anomaly.Kind.DUPLICATE, t, repeated, "positions " + first + ".." + seq + " ("
                    + f.path("type").asText() + ") after " + t.last + " was already delivered");
            return;
        }
        if (first != t.last + 1) {
            long missing = first > t.last + 1 ? first - t.last - 1 : 0;
            Anomaly.Kind kind = missing > 0 ? Anomaly.Kind.GAP : Anomaly.Kind.DUPLICATE;
            flag(kind, t, missing > 0 ? missing : t.last + 1 - first, "after position " + t.last + " came "
                    + f.path("type").asText() + " covering " + first + ".." + seq + " (epoch " + t.epoch + ")");
            // the client re-subscribes on a gap; the text of this reply can no longer be judged
            t.inflight = null;
        }
        t.last = seq;
        apply(t, f);
    }

    private void apply(Track t, JsonNode f) {
        switch (f.path("type").asText()) {
            case "turn_started" -> {
                t.inflight = new StringBuilder();
                t.inflightUser = f.path("userMessageId").asLong();
            }
            case "delta" -> {
                if (t.inflight != null) {
                    t.inflight.append(f.path("text").asText());
                }
            }
            case "turn_completed", "turn_failed" -> finished(t, f);
            default -> { }
        }
    }

    private void finished(Track t, JsonNode f) {
        long id = f.path("messageId").asLong();
        String status = f.path("type").asText().equals("turn_failed") ? "failed" : f.path("status").asText();
        if (t.inflightUser != 0 && id != 0) {
            Long earlier = answers.putIfAbsent(id, t.inflightUser);
            if (earlier != null && earlier != t.inflightUser) {
                flag(Anomaly.Kind.PROTOCOL, t, 0, "message " + id + " answered user message " + t.inflightUser
                        + " here but " + earlier + " earlier");
            }
        }
        if (t.inflight != null) {
            String rendered = t.inflight.toString();
            if (status.equals("complete") && f.has("text") && !rendered.equals(f.path("text").asText())) {
                flag(Anomaly.Kind.TEXT_MISMATCH, t, 0, "message " + id + ": deltas since turn_started "
                        + Texts.difference(rendered, f.path("text").asText()) + " the turn_completed text");
            }
            t.view.put(id, new Rendered(rendered, status));
            compareWithStore(t, id, new Rendered(rendered, status), "live");
        }
        t.inflight = null;
        t.inflightUser = 0;
    }

    /** Once, when the client closes by itself (or its history ends while connected): what it shows vs the store. */
    private void checkFinalViews() {
        if (!viewChecked) {
            viewChecked = true;
            tracks.values().stream().filter(t -> t.phase == Phase.LIVE).forEach(this::checkFinalView);
        }
    }

    private void checkFinalView(Track t) {
        for (var e : t.view.entrySet()) {
            compareWithStore(t, e.getKey(), e.getValue(), "final view");
        }
        for (StoredMsg m : store.messages(t.conversation)) {
            if (m.finalReply() && m.id() > t.floor && !t.view.containsKey(m.id())) {
                flag(Anomaly.Kind.MISSING_IN_VIEW, t, 1, "the client ended live at epoch " + t.epoch + " seq "
                        + t.last + " but never saw stored reply " + m.describe());
            }
        }
    }

    private void compareWithStore(Track t, long id, Rendered r, String where) {
        if (!r.status().equals("failed") && !mismatched.contains(id)) {
            StoredMsg stored = store.message(id).orElse(null);
            if (stored == null) {
                mismatched.add(id);
                flag(Anomaly.Kind.TEXT_MISMATCH, t, 0, where + ": message " + id + " (" + r.status()
                        + ") is not in the store");
            } else if (!stored.text().equals(r.text()) || !stored.status().equals(r.status())) {
                mismatched.add(id);
                flag(Anomaly.Kind.TEXT_MISMATCH, t, 0, where + ": message " + id + " rendered " + r.status() + " "
                        + Texts.difference(r.text(), stored.text()) + " the stored " + stored.status() + " text");
            }
        }
    }

    private Track track(String conversation) {
        return tracks.computeIfAbsent(conversation, Track::new);
    }

    private void flag(Anomaly.Kind kind, Track t, long count, String detail) {
        anomalies.add(new Anomaly(kind, history.client(), t.conversation, count, detail));
    }

    private JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable frame in the history of " + history.client() + ": " + json, e);
        }
    }
}
