package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParsingHandle;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseParserTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "data: {\"a\":1}\n\ndata: [DONE]\n\n",
            "event: error\ndata: {\"error\":{}}\n\n",
            "data: one\ndata: two\n\n: comment\n\ndata:no-space\r\n\r\ndata: last without blank line",
            "event: x\n\ndata:\n\ndata: \n\ndata: a\ndata:\n\nid: 7\nretry: 5\ndata: b\n\n",
            "data: caf\u00e9 \u2603 \uD83D\uDE00\n\n",
            "data: cr only\r\rdata: next\r\r",
    })
    void producesTheSameEventsAsLangChain4jsParser(String wire) {
        assertThat(pushed(wire, Integer.MAX_VALUE)).isEqualTo(langChain4j(wire));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void eventsSplitAcrossReadsAreReassembled(int chunk) {
        String wire = "data: {\"text\":\"h\u00e9llo\"}\n\ndata: " + "x".repeat(20_000) + "\n\ndata: [DONE]\n\n";
        assertThat(pushed(wire, chunk)).isEqualTo(langChain4j(wire));
    }

    @Test
    void anEventsTextIsLetGoOnceTheListenerHandledIt() {
        List<ServerSentEvent> kept = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser(new ServerSentEventListener() {
            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                seen.add(event.data());
                kept.add(event); // as LangChain4j's response builders do, for every event of a reply
            }

            @Override
            public void onError(Throwable error) {
                seen.add("error " + error);
            }
        }, new Handle());
        parser.feed(ByteBuffer.wrap("data: one\n\ndata: two\n\n".getBytes(StandardCharsets.UTF_8)));
        parser.end();
        assertThat(seen).containsExactly("one", "two");
        assertThat(kept).extracting(ServerSentEvent::data).containsOnlyNulls();
        assertThat(kept).extracting(ServerSentEvent::event).containsOnlyNulls();
        // one object for all the events of a body: what a listener keeps per event is its own reference
        assertThat(kept.get(1)).isSameAs(kept.get(0));
    }

    @Test
    void eachEventHasItsOwnNameWhileTheListenerHandlesIt() {
        List<String> seen = new ArrayList<>();
        SseParser parser = new SseParser(new ServerSentEventListener() {
            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                seen.add(event.event() + "=" + event.data());
            }

            @Override
            public void onError(Throwable error) {
                seen.add("error " + error);
            }
        }, new Handle());
        parser.feed(ByteBuffer.wrap("event: start\ndata: one\n\ndata: two\n\nevent: stop\ndata: three\n\n"
                .getBytes(StandardCharsets.UTF_8)));
        parser.end();
        assertThat(seen).containsExactly("start=one", "null=two", "stop=three");
    }

    @Test
    void nothingIsDispatchedOnceTheHandleIsCancelled() {
        List<String> got = new ArrayList<>();
        Handle handle = new Handle();
        SseParser parser = new SseParser(recorder(got), handle);
        parser.feed(ByteBuffer.wrap("data: one\n\ndata: tw".getBytes(StandardCharsets.UTF_8)));
        handle.cancel();
        parser.feed(ByteBuffer.wrap("o\n\ndata: three\n\n".getBytes(StandardCharsets.UTF_8)));
        parser.end();
        assertThat(got).containsExactly("null|one");
    }

    /** The events our parser dispatches when the wire arrives {@code chunk} bytes at a time, as a socket gives it. */
    private static List<String> pushed(String wire, int chunk) {
        List<String> got = new ArrayList<>();
        SseParser parser = new SseParser(recorder(got), new Handle());
        byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            parser.feed(ByteBuffer.wrap(bytes, i, Math.min(chunk, bytes.length - i)));
        }
        parser.end();
        return got;
    }

    private static List<String> langChain4j(String wire) {
        List<String> got = new ArrayList<>();
        new DefaultServerSentEventParser().parse(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)),
                recorder(got));
        return got;
    }

    private static ServerSentEventListener recorder(List<String> got) {
        return new ServerSentEventListener() {
            @Override
            public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                got.add(event.event() + "|" + event.data());
            }

            @Override
            public void onError(Throwable error) {
                got.add("error " + error);
            }
        };
    }

    private static final class Handle implements ServerSentEventParsingHandle {
        private boolean cancelled;

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }
    }
}
