package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server-sent events straight from the bytes, pushed as they arrive ({@link #feed}, then {@link #end()} at the
 * end of the body): the same events as LangChain4j's {@code DefaultServerSentEventParser} ({@code event:}
 * trimmed, {@code data:} without one leading space, data lines joined with {@code \n}, an event dispatched at a
 * blank line or at the end, nothing for events without data) without a {@code Reader} and a {@code String} per
 * line: only {@code data:} and {@code event:} values are decoded. Lines end at {@code \n}, {@code \r\n} or
 * {@code \r}. A listener that throws is logged, as LangChain4j does. This is how a response body is read on the
 * HTTP client's own thread (see {@link BodyReader}). Not thread-safe: one body, one thread at a time.
 */
final class SseParser {
    private static final System.Logger LOG = System.getLogger(SseParser.class.getName());
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

    private final ServerSentEventListener listener;
    private final ServerSentEventParsingHandle handle;
    private final ServerSentEventContext context;
    /** Handed to the listener for every event of this body, its fields set before and cleared after each. */
    private final Event current = new Event();
    private byte[] buf = new byte[1024]; // one per stream in flight; grows to the longest line
    private int start;
    private int end;
    private boolean skipLf;
    private String event;
    private String data;
    private StringBuilder moreData;

    /** Events from {@link #feed} go to {@code listener}; parsing stops once {@code handle} is cancelled. */
    SseParser(ServerSentEventListener listener, ServerSentEventParsingHandle handle) {
        this.listener = listener;
        this.handle = handle;
        this.context = new ServerSentEventContext(handle);
    }

    /** Parses the next bytes of the body, dispatching every event they complete. */
    void feed(ByteBuffer bytes) {
        if (start > 0) { // keep only the unfinished line
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        int n = bytes.remaining();
        if (end + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + n));
        }
        bytes.get(buf, end, n);
        end += n;
        int eol;
        while (!handle.isCancelled() && (eol = nextLineEnd()) >= 0) {
            line(start, eol);
            start = eol + 1;
            if (buf[eol] == '\r') {
                skipLf = true;
            }
        }
    }

    /** The body ended: a last line without its line end, and the event it belongs to, are dispatched. */
    void end() {
        if (handle.isCancelled()) {
            return;
        }
        if (end > start) {
            line(start, end);
            start = end;
        }
        dispatch();
    }

    private int nextLineEnd() {
        if (skipLf && start < end) {
            if (buf[start] == '\n') {
                start++;
            }
            skipLf = false;
        }
        for (int i = start; i < end; i++) {
            byte b = buf[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return -1;
    }

    private void line(int from, int to) {
        if (from == to) {
            dispatch();
        } else if (startsWith(from, to, DATA)) {
            int v = from + DATA.length;
            if (v < to && buf[v] == ' ') {
                v++;
            }
            addData(new String(buf, v, to - v, StandardCharsets.UTF_8));
        } else if (startsWith(from, to, EVENT)) {
            event = new String(buf, from + EVENT.length, to - from - EVENT.length, StandardCharsets.UTF_8).trim();
        }
    }

    private void addData(String value) {
        if (moreData != null) {
            moreData.append('\n').append(value);
        } else if (data == null || data.isEmpty()) {
            data = value;
        } else {
            moreData = new StringBuilder(data).append('\n').append(value);
        }
    }

    private void dispatch() {
        String value = moreData != null ? moreData.toString() : data;
        if (value == null || value.isEmpty()) {
            return;
        }
        current.set(event, value);
        event = null;
        data = null;
        moreData = null;
        safely(() -> listener.onEvent(current, context));
        current.set(null, null);
    }

    /**
     * The event being dispatched, one object for every event of a body, holding its name and text only while the
     * listener handles it. LangChain4j's OpenAI and Anthropic models keep every raw event of a reply until its
     * end (for response metadata Tether does not read): a reply of a few thousand tokens would hold a few thousand
     * chunk texts (~400 bytes each), and at a thousand concurrent replies that was 600 MB of long-lived heap the
     * collector kept copying. With one shared, emptied event what stays is their queue's node per token (24 bytes)
     * instead of a node, an event and its text. LangChain4j reads an event only while handling it.
     */
    static final class Event extends ServerSentEvent {
        private String name;
        private String text;

        Event() {
            super(null, null);
        }

        void set(String name, String text) {
            this.name = name;
            this.text = text;
        }

        @Override
        public String event() {
            return name;
        }

        @Override
        public String data() {
            return text;
        }

        @Override
        public String toString() {
            return "ServerSentEvent{event=" + name + ", data=" + text + "}";
        }
    }

    private boolean startsWith(int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (buf[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static void safely(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Server-sent event listener failed: " + e, e);
        }
    }
}
