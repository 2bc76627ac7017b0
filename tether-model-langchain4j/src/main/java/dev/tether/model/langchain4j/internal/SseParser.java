package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.sse.DefaultServerSentEventParsingHandle;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Server-sent events straight from the bytes: the same events as LangChain4j's
 * {@code DefaultServerSentEventParser} ({@code event:} trimmed, {@code data:} without one leading space, data
 * lines joined with {@code \n}, an event dispatched at a blank line or at the end, nothing for events without
 * data) without a {@code Reader} and a {@code String} per line: only {@code data:} and {@code event:} values
 * are decoded. Lines end at {@code \n}, {@code \r\n} or {@code \r}. A listener that throws is logged by the
 * caller's listener wrapper, as LangChain4j does; an {@link IOException} goes to {@code onError}.
 */
final class SseParser implements ServerSentEventParser {
    private static final System.Logger LOG = System.getLogger(SseParser.class.getName());
    private static final byte[] DATA = "data:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event:".getBytes(StandardCharsets.US_ASCII);

    private byte[] buf = new byte[8192];
    private int start;
    private int end;
    private boolean skipLf;
    private String event;
    private String data;
    private StringBuilder moreData;

    @Override
    public void parse(InputStream in, ServerSentEventListener listener) {
        DefaultServerSentEventParsingHandle handle = new DefaultServerSentEventParsingHandle(in);
        ServerSentEventContext context = new ServerSentEventContext(handle);
        try {
            while (!handle.isCancelled()) {
                int eol = nextLineEnd();
                if (eol < 0) {
                    if (!fill(in)) {
                        break;
                    }
                    continue;
                }
                line(start, eol, listener, context);
                start = eol + 1;
                if (buf[eol] == '\r') {
                    skipLf = true;
                }
            }
            if (!handle.isCancelled() && end > start) {
                line(start, end, listener, context); // a last line without its line end
                start = end;
            }
            if (!handle.isCancelled()) {
                dispatch(listener, context);
            }
        } catch (IOException e) {
            safely(() -> listener.onError(e));
        }
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

    /** Reads more bytes, keeping the unfinished line; false at the end of the stream. */
    private boolean fill(InputStream in) throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    private void line(int from, int to, ServerSentEventListener listener, ServerSentEventContext context) {
        if (from == to) {
            dispatch(listener, context);
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

    private void dispatch(ServerSentEventListener listener, ServerSentEventContext context) {
        String value = moreData != null ? moreData.toString() : data;
        if (value == null || value.isEmpty()) {
            return;
        }
        ServerSentEvent sse = new ServerSentEvent(event, value);
        event = null;
        data = null;
        moreData = null;
        safely(() -> listener.onEvent(sse, context));
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
