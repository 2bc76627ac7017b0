package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * LangChain4j's HTTP client SPI on top of the JDK client, bound to one {@link Exchange} so a call can abort
 * its own request at any stage, and keeping response headers on errors ({@link HttpStatusException}) so
 * {@code Retry-After} reaches our error mapping. A stream's body is pushed by the JDK client to a
 * {@link BodyReader} on the client's own thread and parsed there with our byte-level {@link SseParser} (instead
 * of the parser LangChain4j passes): each event goes from the socket to the caller without a thread hand-off.
 */
final class ExchangeHttpClient implements HttpClient {
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final java.net.http.HttpClient http;
    private final Exchange exchange;
    private final Duration readTimeout;

    ExchangeHttpClient(java.net.http.HttpClient http, Exchange exchange, Duration readTimeout) {
        this.http = http;
        this.exchange = exchange;
        this.readTimeout = readTimeout;
    }

    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
        java.net.http.HttpRequest.Builder builder = toJdk(request);
        if (readTimeout != null) {
            builder.timeout(readTimeout);
        }
        try {
            HttpResponse<byte[]> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            String body = new String(response.body(), StandardCharsets.UTF_8);
            if (response.statusCode() / 100 != 2) {
                throw new HttpStatusException(response.statusCode(), body, response.headers().map());
            }
            return SuccessfulHttpResponse.builder().statusCode(response.statusCode())
                    .headers(response.headers().map()).body(body).build();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.url() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new InterruptedIOException(request.method() + " " + request.url()
                    + " was interrupted"));
        }
    }

    @Override
    public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
        // the callbacks handed to the JDK client reach the call only through the link (see CallLink)
        CallLink link = new CallLink(exchange, listener,
                request.body() == null ? null : request.body().getBytes(StandardCharsets.UTF_8));
        java.net.http.HttpRequest jdk = toJdk(request, link.bodyPublisher()).build();
        CompletableFuture<HttpResponse<Void>> future = http.sendAsync(jdk,
                head -> BodyReader.forHead(link, head, MAX_ERROR_BODY));
        exchange.requestSent(future);
        future.whenComplete((response, error) -> {
            if (error != null && !link.wasAnswered()) { // once the head arrived, its body reader reports the end
                Exchange e = link.exchange();
                ServerSentEventListener l = link.listener();
                if (e != null) {
                    if (l != null && !e.aborted()) {
                        BodyReader.notify(() -> l.onError(unwrap(error)));
                    }
                    e.transportEnded();
                }
                link.release();
            }
        });
    }

    private static java.net.http.HttpRequest.Builder toJdk(HttpRequest request) {
        return toJdk(request, request.body() == null
                ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8));
    }

    private static java.net.http.HttpRequest.Builder toJdk(HttpRequest request,
                                                          java.net.http.HttpRequest.BodyPublisher body) {
        java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
        request.headers().forEach((name, values) -> values.forEach(v -> builder.header(name, v)));
        if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
            throw new UnsupportedOperationException("Multipart requests are not used by Tether's chat models: "
                    + request.url());
        }
        return builder.method(request.method().name(), body);
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
