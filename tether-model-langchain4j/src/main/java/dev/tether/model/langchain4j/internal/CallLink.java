package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.sse.ServerSentEventListener;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * All that one streaming call's JDK callbacks (the response head handler, the body reader, the request body)
 * may reach of the call, let go of by {@link #release()} once the call's transport has ended. The JDK client
 * keeps a finished exchange's callbacks reachable from the connection it returns to its pool (for up to its
 * keep-alive time): without this link, each pooled connection would hold its last call whole, with
 * LangChain4j's response builder (the reply's text and a shell for every event), the consumer and everything
 * it holds (the agent's reply, the conversation's text), and the request body (the whole prompt). At a
 * thousand concurrent streams that was a second copy of every reply for the collector to trace. Thread-safe.
 */
final class CallLink {
    private volatile Exchange exchange;
    private volatile ServerSentEventListener listener;
    private volatile byte[] body;
    private volatile boolean answered;

    CallLink(Exchange exchange, ServerSentEventListener listener, byte[] body) {
        this.exchange = exchange;
        this.listener = listener;
        this.body = body;
    }

    /** The call's exchange; null once released. */
    Exchange exchange() {
        return exchange;
    }

    /** LangChain4j's listener of the call; null once released. */
    ServerSentEventListener listener() {
        return listener;
    }

    /** Marks that the response head arrived: from then on its body reader reports the end. */
    void answered() {
        answered = true;
    }

    boolean wasAnswered() {
        return answered;
    }

    /** Lets go of the call. Callbacks that still arrive find nothing to call and do nothing. */
    void release() {
        exchange = null;
        listener = null;
        body = null;
    }

    /**
     * The request body, read from this link: the JDK client keeps the request (and its publisher) as long as
     * the exchange, so the bytes must not live in the publisher itself. A request is sent once; should the
     * client ever subscribe again after the call ended, it gets a clear failure instead of an empty body.
     */
    HttpRequest.BodyPublisher bodyPublisher() {
        byte[] bytes = body;
        if (bytes == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        long length = bytes.length;
        return new HttpRequest.BodyPublisher() {
            @Override
            public long contentLength() {
                return length;
            }

            @Override
            public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
                byte[] now = body;
                if (now == null) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                        }

                        @Override
                        public void cancel() {
                        }
                    });
                    subscriber.onError(new IllegalStateException("The request body of a finished model call was "
                            + "let go; a request is not sent again after its response ended."));
                    return;
                }
                HttpRequest.BodyPublishers.ofByteArray(now).subscribe(subscriber);
            }
        };
    }
}
