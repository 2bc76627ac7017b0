package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.sse.DefaultServerSentEventParser;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
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
        assertThat(events(new SseParser(), wire)).isEqualTo(events(new DefaultServerSentEventParser(), wire));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void eventsSplitAcrossReadsAreReassembled(int chunk) {
        String wire = "data: {\"text\":\"h\u00e9llo\"}\n\ndata: " + "x".repeat(20_000) + "\n\ndata: [DONE]\n\n";
        List<String> expected = events(new DefaultServerSentEventParser(), wire);
        List<String> got = new ArrayList<>();
        new SseParser().parse(trickle(wire, chunk), recorder(got));
        assertThat(got).isEqualTo(expected);
    }

    @Test
    void anEventsTextIsLetGoOnceTheListenerHandledIt() {
        List<ServerSentEvent> kept = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        new SseParser().parse(new ByteArrayInputStream("data: one\n\ndata: two\n\n".getBytes(StandardCharsets.UTF_8)),
                new ServerSentEventListener() {
                    @Override
                    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
                        seen.add(event.data());
                        kept.add(event); // as LangChain4j's response builders do, for every event of a reply
                    }

                    @Override
                    public void onError(Throwable error) {
                        seen.add("error " + error);
                    }
                });
        assertThat(seen).containsExactly("one", "two");
        assertThat(kept).extracting(ServerSentEvent::data).containsOnlyNulls();
    }

    private static List<String> events(ServerSentEventParser parser, String wire) {
        List<String> got = new ArrayList<>();
        parser.parse(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), recorder(got));
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

    /** Returns at most {@code chunk} bytes per read, as a slow socket would. */
    private static InputStream trickle(String wire, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
