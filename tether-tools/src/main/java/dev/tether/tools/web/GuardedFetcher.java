package dev.tether.tools.web;

import dev.tether.api.CancelSignal;
import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows a URL through at most {@code maxRedirects} redirects, one OkHttp call per hop, each hop checked
 * again: scheme and user info by {@link TargetUrl}, an IP-literal host here (OkHttp would not ask DNS for
 * it), a name by {@link PolicyDns} when OkHttp resolves it. All hops share one deadline.
 */
final class GuardedFetcher {
    private static final String USER_AGENT = "Tether-web_fetch/0.1";
    private static final String ACCEPT =
            "text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5";

    /**
     * One response.
     *
     * @param status the HTTP status code
     * @param contentType the {@code Content-Type} header, empty when absent
     * @param body the capped body; empty for redirects
     * @param location where a redirect points, empty when this is not a redirect
     */
    record Reply(int status, String contentType, CappedBody body, Optional<String> location) {
    }

    /** The final reply and the URLs that redirected to it, oldest first. */
    record Fetched(TargetUrl url, Reply reply, List<URI> redirectedFrom) {
        Fetched {
            redirectedFrom = List.copyOf(redirectedFrom);
        }
    }

    private final WebFetchSettings settings;
    private final AddressPolicy policy;
    private final OkHttpClient client;

    /** {@code policy} is replaced by {@link AddressPolicy#allowAll()} when the settings allow private addresses. */
    GuardedFetcher(WebFetchSettings settings, HostResolver resolver, AddressPolicy policy, SocketFactory sockets) {
        this.settings = settings;
        this.policy = settings.allowPrivateAddresses() ? AddressPolicy.allowAll() : policy;
        this.client = FetchClient.create(settings, new PolicyDns(resolver, this.policy), this.policy, sockets);
    }

    Fetched fetch(String url, CancelSignal cancel) {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        TargetUrl target = TargetUrl.parse(url);
        List<URI> hops = new ArrayList<>();
        while (true) {
            Reply reply = exchange(target, deadline, cancel);
            if (reply.location().isEmpty()) {
                return new Fetched(target, reply, hops);
            }
            if (hops.size() == settings.maxRedirects()) {
                throw new ToolFailureException("Too many redirects: more than " + settings.maxRedirects()
                        + " starting at '" + url + "'", "The site may be in a redirect loop; try another URL.");
            }
            hops.add(target.uri());
            target = target.redirect(reply.location().get());
        }
    }

    private Reply exchange(TargetUrl target, long deadline, CancelSignal cancel) {
        Call call;
        try {
            call = client.newCall(new Request.Builder().url(target.httpUrl(connectHost(target)))
                    .header("User-Agent", USER_AGENT).header("Accept", ACCEPT).build());
        } catch (RefusedAddressException e) {
            throw e.toFailure(target.uri());
        } catch (IllegalArgumentException e) {
            throw new ToolFailureException("Invalid host '" + target.host() + "' in URL '" + target.uri() + "': "
                    + e.getMessage(), "Check the host name for typos.");
        }
        call.timeout().deadlineNanoTime(deadline);
        CancelSignal.Registration onCancel = cancel.onCancel(call::cancel);
        try (Response response = call.execute()) {
            return readOrAbandon(call, response);
        } catch (IOException e) {
            throw FetchFailures.of(target, e, cancel, settings.timeout());
        } finally {
            onCancel.close();
        }
    }

    private Reply readOrAbandon(Call call, Response response) throws IOException {
        boolean complete = false;
        try {
            Reply reply = read(response);
            complete = reply.location().isEmpty() && !reply.body().truncated();
            return reply;
        } finally {
            if (!complete) {
                call.cancel(); // drop the connection, or closing the response would read on to drain the body
            }
        }
    }

    /** The host OkHttp gets: a name as it is, or an IP literal (any form) checked here and written plainly. */
    private String connectHost(TargetUrl target) throws RefusedAddressException {
        Optional<InetAddress> literal = IpLiteral.parse(target.host());
        if (literal.isEmpty()) {
            return target.host();
        }
        RefusedAddressException.check(policy, target.host(), "resolves to", literal.get());
        return Addresses.show(literal.get());
    }

    private Reply read(Response response) throws IOException {
        int status = response.code();
        String contentType = response.header("Content-Type", "");
        Optional<String> location = Optional.ofNullable(response.header("Location"));
        if (location.isPresent() && (status == 301 || status == 302 || status == 303 || status == 307
                || status == 308)) {
            return new Reply(status, contentType, CappedBody.empty(), location);
        }
        String encoding = response.header("Content-Encoding", "identity").strip();
        if (!encoding.isEmpty() && !encoding.equalsIgnoreCase("identity")) { // OkHttp already removed gzip
            throw new ToolFailureException("The server sent an unsupported Content-Encoding: '" + encoding + "'",
                    "Try another URL for the same content.");
        }
        return new Reply(status, contentType, CappedBody.read(response.body().source(), settings.maxBytes()),
                Optional.empty());
    }
}
