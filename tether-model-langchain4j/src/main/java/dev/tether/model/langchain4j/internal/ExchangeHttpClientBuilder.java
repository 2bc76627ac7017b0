package dev.tether.model.langchain4j.internal;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/**
 * Hands LangChain4j an {@link ExchangeHttpClient} for one call. The connect timeout comes from our own JDK
 * client; LangChain4j's read timeout applies to non-streaming requests only, since streams are guarded by the
 * call's first-token watchdog.
 */
final class ExchangeHttpClientBuilder implements HttpClientBuilder {
    private final java.net.http.HttpClient http;
    private final Exchange exchange;
    private Duration connectTimeout;
    private Duration readTimeout;

    ExchangeHttpClientBuilder(java.net.http.HttpClient http, Exchange exchange) {
        this.http = http;
        this.exchange = exchange;
        this.connectTimeout = http.connectTimeout().orElse(null);
    }

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    @Override
    public HttpClientBuilder connectTimeout(Duration timeout) {
        this.connectTimeout = timeout; // informational: the shared JDK client already has its connect timeout
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    @Override
    public HttpClientBuilder readTimeout(Duration timeout) {
        this.readTimeout = timeout;
        return this;
    }

    @Override
    public HttpClient build() {
        return new ExchangeHttpClient(http, exchange, readTimeout);
    }
}
