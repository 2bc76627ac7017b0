package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;

/**
 * Passes every SSE event on unchanged, reporting each as progress to the first-token watchdog (reasoning
 * chunks and pings that LangChain4j does not surface still show the server is alive), and remembering an
 * error object sent inside the stream ({@code data: {"error": {...}}}, as vLLM and OpenAI do). LangChain4j's
 * OpenAI client does not report those and just sees the stream end; with this the call can say what the
 * server said instead of "dropped".
 */
final class WatchingListener implements ServerSentEventListener {
    private final ServerSentEventListener delegate;
    private final Exchange exchange;

    WatchingListener(ServerSentEventListener delegate, Exchange exchange) {
        this.delegate = delegate;
        this.exchange = exchange;
    }

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
        delegate.onOpen(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
        peek(event);
        delegate.onEvent(event, context);
    }

    @Override
    public void onEvent(ServerSentEvent event) {
        peek(event);
        delegate.onEvent(event);
    }

    @Override
    public void onError(Throwable error) {
        delegate.onError(error);
    }

    @Override
    public void onClose() {
        delegate.onClose();
    }

    private void peek(ServerSentEvent event) {
        exchange.progress();
        String data = event.data();
        // cheap test first: this runs for every chunk of every reply
        if (data != null && data.contains("\"error\"") && ("error".equals(event.event()) || !data.contains("\"choices\""))) {
            exchange.streamError(data);
        }
    }
}
