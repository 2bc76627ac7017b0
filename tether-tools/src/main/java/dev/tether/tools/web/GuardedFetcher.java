package dev.tether.tools.web;

import dev.tether.api.CancelSignal;
import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Follows a URL through at most {@code maxRedirects} redirects. On every hop it resolves the host once,
 * refuses the hop if any resolved address fails the policy, and connects only to those checked addresses.
 */
final class GuardedFetcher {
    /** The final response and the URLs that redirected to it, oldest first. */
    record Fetched(TargetUrl url, RawResponse response, List<URI> redirectedFrom) {
        Fetched {
            redirectedFrom = List.copyOf(redirectedFrom);
        }
    }

    private final WebFetchSettings settings;
    private final HostResolver resolver;
    private final AddressPolicy policy;
    private final PinnedHttpGet http;

    GuardedFetcher(WebFetchSettings settings, HostResolver resolver, AddressPolicy policy,
            SocketConnector connector) {
        this.settings = settings;
        this.resolver = resolver;
        this.policy = settings.allowPrivateAddresses() ? AddressPolicy.allowAll() : policy;
        this.http = new PinnedHttpGet(connector, settings.maxBytes());
    }

    Fetched fetch(String url, CancelSignal cancel) {
        Deadline deadline = Deadline.after(settings.timeout());
        TargetUrl target = TargetUrl.parse(url);
        List<URI> hops = new ArrayList<>();
        while (true) {
            RawResponse response = exchange(target, checkedAddresses(target), deadline, cancel);
            if (!response.isRedirect()) {
                return new Fetched(target, response, hops);
            }
            if (hops.size() == settings.maxRedirects()) {
                throw new ToolFailureException("Too many redirects: more than " + settings.maxRedirects()
                        + " starting at '" + url + "'", "The site may be in a redirect loop; try another URL.");
            }
            hops.add(target.uri());
            target = target.redirect(response.header("location").orElseThrow());
        }
    }

    private List<InetAddress> checkedAddresses(TargetUrl target) {
        List<InetAddress> addresses = IpLiteral.parse(target.host()).map(List::of)
                .orElseGet(() -> resolve(target.host()));
        if (addresses.isEmpty()) {
            throw new ToolFailureException("Host '" + target.host() + "' resolved to no address",
                    "Check the host name for typos.");
        }
        for (InetAddress address : addresses) {
            Optional<String> refusal = policy.refusal(address);
            if (refusal.isPresent()) {
                throw new ToolFailureException("Refused to fetch '" + target.uri() + "': host '" + target.host()
                        + "' resolves to " + Addresses.show(address) + ", which is " + refusal.get(),
                        "web_fetch only reaches public internet addresses; local, private and cloud-metadata"
                                + " addresses are blocked. Use a public URL.");
            }
        }
        return addresses;
    }

    private List<InetAddress> resolve(String host) {
        try {
            return List.copyOf(resolver.resolve(host));
        } catch (UnknownHostException e) {
            throw new ToolFailureException("Could not resolve host '" + host + "'",
                    "Check the host name for typos, or search for the right site first.", e);
        }
    }

    private RawResponse exchange(TargetUrl target, List<InetAddress> addresses, Deadline deadline,
            CancelSignal cancel) {
        IOException last = null;
        for (InetAddress address : addresses) {
            if (cancel.isCancelled()) {
                throw cancelled(target);
            }
            try {
                return http.get(target, address, deadline, cancel);
            } catch (ConnectException e) {
                last = e; // try the host's next checked address
            } catch (IOException e) {
                throw failure(target, e, cancel, deadline);
            }
        }
        throw failure(target, last, cancel, deadline);
    }

    private static ToolFailureException failure(TargetUrl target, IOException e, CancelSignal cancel,
            Deadline deadline) {
        if (cancel.isCancelled()) {
            return cancelled(target);
        }
        if (e instanceof SocketTimeoutException) {
            return new ToolFailureException("Timed out after " + deadline.budget().toMillis() + " ms fetching '"
                    + target.uri() + "'", "The server is slow or unreachable; try again later or another source.", e);
        }
        if (e instanceof SSLException) {
            return new ToolFailureException("TLS failed for '" + target.uri() + "': " + e.getMessage(),
                    "The site's certificate may be invalid or expired; try another source.", e);
        }
        if (e instanceof ConnectException) {
            return new ToolFailureException("Could not connect to '" + target.hostHeader() + "': " + e.getMessage(),
                    "The site may be down; try again later or another source.", e);
        }
        return new ToolFailureException("Fetching '" + target.uri() + "' failed: " + e,
                "Try again, or another source.", e);
    }

    private static ToolFailureException cancelled(TargetUrl target) {
        return new ToolFailureException("Cancelled while fetching '" + target.uri() + "'", "");
    }
}
