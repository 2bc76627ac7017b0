package dev.tether.tools.web;

import java.net.Proxy;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.OkHttpClient;

/**
 * Builds the OkHttp client behind {@link WebFetchTool}. Each setting closes a way around the address checks
 * or keeps one fetch independent of the last:
 * <ul>
 *   <li>{@link PolicyDns} is the only resolver, and {@link ConnectedAddressCheck} checks each connection's
 *       real peer again before a request is written;</li>
 *   <li>{@link Proxy#NO_PROXY} and {@link DirectSocketFactory}: no HTTP or SOCKS proxy from the environment
 *       or system properties, so the address checked is the address reached;</li>
 *   <li>redirects are not followed by OkHttp ({@link GuardedFetcher} follows them, checking every hop), and a
 *       failed call is not retried behind our back;</li>
 *   <li>no idle connections are kept, so every hop and every fetch resolves and checks afresh; no cookies,
 *       no cache, no authentication;</li>
 *   <li>the fetch timeout bounds the whole call and each connect, read and write (OkHttp counts whole
 *       milliseconds, so it is clamped to 1 ms .. about 24 days).</li>
 * </ul>
 * OkHttp asks for gzip and decodes it transparently; other content encodings are not requested.
 */
final class FetchClient {
    private FetchClient() {
    }

    static OkHttpClient create(WebFetchSettings settings, PolicyDns dns, AddressPolicy policy,
            SocketFactory sockets) {
        long millis = millis(settings.timeout());
        return new OkHttpClient.Builder()
                .dns(dns)
                .addNetworkInterceptor(new ConnectedAddressCheck(policy))
                .proxy(Proxy.NO_PROXY)
                .socketFactory(sockets)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false)
                .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
                .cookieJar(CookieJar.NO_COOKIES)
                .callTimeout(millis, TimeUnit.MILLISECONDS)
                .connectTimeout(millis, TimeUnit.MILLISECONDS)
                .readTimeout(millis, TimeUnit.MILLISECONDS)
                .writeTimeout(millis, TimeUnit.MILLISECONDS)
                .build();
    }

    private static long millis(Duration timeout) {
        return Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }
}
