package dev.tether.tools.web;

import java.io.IOException;
import java.net.InetAddress;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * Defence in depth behind {@link PolicyDns}: a network interceptor that, before each request is written,
 * checks the address the connection's socket is actually connected to. It should never fire (every address
 * OkHttp may connect to has passed the policy already); if it does, the request is not sent and the fetch
 * fails with {@link RefusedAddressException}. Thread-safe if the policy is.
 */
final class ConnectedAddressCheck implements Interceptor {
    private final AddressPolicy policy;

    ConnectedAddressCheck(AddressPolicy policy) {
        this.policy = policy;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        String host = chain.request().url().host();
        InetAddress remote = chain.connection() == null ? null : chain.connection().socket().getInetAddress();
        if (remote == null) { // only possible if installed as an application interceptor: fail closed
            throw new IOException("web_fetch could not tell which address the connection to '" + host
                    + "' reached, so the request was not sent");
        }
        RefusedAddressException.check(policy, host, "is connected to", remote);
        return chain.proceed(chain.request());
    }
}
