package dev.tether.tools.web;

import dev.tether.api.tool.Tool;
import dev.tether.api.tool.ToolArguments;
import dev.tether.api.tool.ToolContext;
import dev.tether.api.tool.ToolParameter;
import dev.tether.api.tool.ToolParameter.Type;
import dev.tether.api.tool.ToolResult;
import dev.tether.api.tool.ToolSpec;
import dev.tether.tools.ToolFailureException;
import dev.tether.tools.web.GuardedFetcher.Fetched;
import dev.tether.tools.web.GuardedFetcher.Reply;
import java.util.List;
import java.util.Objects;
import javax.net.SocketFactory;

/**
 * {@code web_fetch}: GETs one http or https URL and returns its readable text (HTML converted, text and JSON
 * as they are) with the final URL, status and content type. The HTTP work is done by OkHttp.
 *
 * <p>Guards, all applied before any connection: the scheme must be http or https and the URL carries no user
 * name or password; IP-literal hosts in any encoding are parsed locally (never looked up) and checked; a
 * host name is resolved by a custom OkHttp {@code Dns} that checks every resulting address with the
 * {@link AddressPolicy} (public internet only, unless {@link WebFetchSettings#allowPrivateAddresses()}) and
 * hands OkHttp exactly the checked addresses, so DNS rebinding between check and connect is not possible.
 * As a second line, the address each connection actually reached is checked again before the request is
 * written. Redirects are followed by hand, at most {@link WebFetchSettings#maxRedirects()}, each hop checked
 * again. Proxies from the environment or system properties are not used.
 *
 * <p>Limits: the whole fetch, all redirect hops included, must finish within
 * {@link WebFetchSettings#timeout()}; at most {@link WebFetchSettings#maxBytes()} body bytes are read, counted
 * after OkHttp's transparent gzip decoding, and at most {@code max_chars} characters are returned; both
 * truncations are stated in the result. HTTP/1.1 and HTTP/2; no cookies, cache or authentication; every hop
 * opens a fresh connection. Cancelling the turn cancels the call. Thread-safe.
 */
public final class WebFetchTool implements Tool {
    static final int DEFAULT_MAX_CHARS = 50_000;
    static final int LIMIT_MAX_CHARS = 200_000;
    private static final ToolSpec SPEC = new ToolSpec("web_fetch",
            "Fetch a public web page or text/JSON URL and return its readable text. Only http and https; local and"
                    + " private network addresses are refused.",
            List.of(ToolParameter.required("url", Type.STRING, "The http:// or https:// URL to fetch"),
                    ToolParameter.optional("max_chars", Type.INTEGER, "Maximum characters of text to return"
                            + " (default " + DEFAULT_MAX_CHARS + ", at most " + LIMIT_MAX_CHARS + ")")));

    private final GuardedFetcher fetcher;

    /** A tool using the JVM's resolver, direct (proxy-free) sockets and {@link AddressPolicy#publicOnly()}. */
    public WebFetchTool(WebFetchSettings settings) {
        this(settings, HostResolver.system(), AddressPolicy.publicOnly(), new DirectSocketFactory());
    }

    /**
     * A tool with its network parts replaced, mainly for tests. {@code policy} is ignored when
     * {@code settings.allowPrivateAddresses()} is true.
     *
     * @param sockets makes the sockets OkHttp connects to checked addresses; only its no-argument
     *     {@link SocketFactory#createSocket()} is used, and the socket it returns must be unconnected and must
     *     not go through a proxy (create it with {@code new Socket(Proxy.NO_PROXY)}), or the address checks
     *     no longer describe where the request goes
     */
    public WebFetchTool(WebFetchSettings settings, HostResolver resolver, AddressPolicy policy,
            SocketFactory sockets) {
        this.fetcher = new GuardedFetcher(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(resolver, "resolver"), Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(sockets, "sockets"));
    }

    @Override
    public ToolSpec spec() {
        return SPEC;
    }

    @Override
    public ToolResult execute(ToolArguments arguments, ToolContext context) {
        String url = arguments.string("url");
        long maxChars = arguments.integer("max_chars", DEFAULT_MAX_CHARS);
        if (maxChars < 1) {
            return ToolResult.failure("max_chars must be at least 1 but was " + maxChars,
                    "Omit max_chars to get up to " + DEFAULT_MAX_CHARS + " characters.");
        }
        try {
            Fetched fetched = fetcher.fetch(url, context.cancel());
            return render(fetched, (int) Math.min(maxChars, LIMIT_MAX_CHARS));
        } catch (ToolFailureException e) {
            return e.toResult();
        }
    }

    private static ToolResult render(Fetched fetched, int maxChars) {
        Reply reply = fetched.reply();
        String contentType = reply.contentType();
        String url = fetched.url().uri().toString();
        BodyText body = BodyText.of(reply.body().bytes(), contentType, url);
        int status = reply.status();
        if (status >= 400) {
            throw new ToolFailureException("HTTP " + status + " from '" + url + "'" + excerpt(body.text()),
                    StatusHints.forStatus(status));
        }
        StringBuilder out = new StringBuilder("URL: ").append(url).append('\n');
        fetched.redirectedFrom().forEach(from -> out.append("Redirected from: ").append(from).append('\n'));
        out.append("Status: ").append(status).append('\n');
        out.append("Content-Type: ").append(contentType.isEmpty() ? "(none)" : contentType).append('\n');
        if (!body.title().isEmpty()) {
            out.append("Title: ").append(body.title()).append('\n');
        }
        out.append('\n');
        String text = body.text();
        out.append(text, 0, Math.min(text.length(), maxChars));
        if (text.length() > maxChars) {
            out.append("\n\n[Truncated at ").append(maxChars).append(" of ").append(text.length())
                    .append(" characters; call again with a larger max_chars (at most ").append(LIMIT_MAX_CHARS)
                    .append(") to see more.]");
        }
        if (reply.body().truncated()) {
            out.append("\n\n[The response was larger than ").append(reply.body().bytes().length)
                    .append(" bytes; only that much was downloaded.]");
        }
        return ToolResult.ok(out.toString());
    }

    private static String excerpt(String text) {
        String flat = text.strip();
        return flat.isEmpty() ? "" : ": " + (flat.length() <= 300 ? flat : flat.substring(0, 300) + "...");
    }
}
