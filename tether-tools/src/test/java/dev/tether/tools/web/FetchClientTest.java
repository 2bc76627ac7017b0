package dev.tether.tools.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Proxy;
import java.time.Duration;
import okhttp3.CookieJar;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** The client settings the guards rely on; a change here must be a decision, not an accident. */
class FetchClientTest {
    final AddressPolicy policy = AddressPolicy.publicOnly();
    final OkHttpClient client = FetchClient.create(new WebFetchSettings(Duration.ofSeconds(7), 1_000, 2, false),
            new PolicyDns(HostResolver.system(), policy), policy, new DirectSocketFactory());

    @Test
    void resolvesOnlyThroughThePolicyAndChecksEveryConnection() {
        assertThat(client.dns()).isInstanceOf(PolicyDns.class);
        assertThat(client.networkInterceptors()).hasExactlyElementsOfTypes(ConnectedAddressCheck.class);
        assertThat(client.interceptors()).isEmpty();
    }

    @Test
    void ignoresProxiesAndLeavesRedirectsRetriesCookiesAndPoolingOut() {
        assertThat(client.proxy()).isEqualTo(Proxy.NO_PROXY);
        assertThat(client.socketFactory()).isInstanceOf(DirectSocketFactory.class);
        assertThat(client.followRedirects()).isFalse();
        assertThat(client.followSslRedirects()).isFalse();
        assertThat(client.retryOnConnectionFailure()).isFalse();
        assertThat(client.cookieJar()).isSameAs(CookieJar.NO_COOKIES);
        assertThat(client.cache()).isNull();
    }

    @Test
    void timeoutBoundsTheCallAndEveryStep() {
        assertThat(client.callTimeoutMillis()).isEqualTo(7_000);
        assertThat(client.connectTimeoutMillis()).isEqualTo(7_000);
        assertThat(client.readTimeoutMillis()).isEqualTo(7_000);
        assertThat(client.writeTimeoutMillis()).isEqualTo(7_000);
    }

    @Test
    void directSocketsStartUnconnected() throws IOException {
        try (var socket = new DirectSocketFactory().createSocket()) {
            assertThat(socket.isConnected()).isFalse();
        }
    }
}
