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
import java.util.List;
import java.util.Objects;

/**
 * {@code web_fetch}: GETs one http or https URL and returns its readable text (HTML converted, text and JSON
 * as they are) with the final URL, status and content type.
 *
 * <p>Guards, all applied before any connection: the scheme must be http or https; the host is resolved once
 * per hop (IP literals in any encoding are parsed locally, never looked up) and every resulting address must
 * pass the {@link AddressPolicy} (public internet only, unless {@link WebFetchSettings#allowPrivateAddresses()});
 * redirects are followed by hand, at most {@link WebFetchSettings#maxRedirects()}, each hop checked again.
 * The connection goes to the address that was checked, with the URL's host only in the {@code Host} header
 * and TLS, so DNS rebinding between check and connect is not possible. Configured HTTP proxies are not used.
 *
 * <p>Limits: the whole fetch must finish within {@link WebFetchSettings#timeout()}; at most
 * {@link WebFetchSettings#maxBytes()} body bytes are read (after gzip decoding), and at most {@code max_chars}
 * characters are returned; both truncations are stated in the result. HTTP/1.1 only; cookies and
 * authentication are not supported. Cancelling the turn closes the connection. Thread-safe.
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

    /** A tool using the JVM's resolver, direct connections and {@link AddressPolicy#publicOnly()}. */
    public WebFetchTool(WebFetchSettings settings) {
        this(settings, HostResolver.system(), AddressPolicy.publicOnly(), SocketConnector.direct());
    }

    /**
     * A tool with its network parts replaced, mainly for tests. {@code policy} is ignored when
     * {@code settings.allowPrivateAddresses()} is true.
     */
    public WebFetchTool(WebFetchSettings settings, HostResolver resolver, AddressPolicy policy,
            SocketConnector connector) {
        this.fetcher = new GuardedFetcher(Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(resolver, "resolver"), Objects.requireNonNull(policy, "policy"),
                Objects.requireNonNull(connector, "connector"));
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
        String contentType = fetched.response().header("content-type").orElse("");
        String url = fetched.url().uri().toString();
        BodyText body = BodyText.of(fetched.response().body(), contentType, url);
        int status = fetched.response().status();
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
        if (fetched.response().truncated()) {
            out.append("\n\n[The response was larger than ").append(fetched.response().body().length)
                    .append(" bytes; only that much was downloaded.]");
        }
        return ToolResult.ok(out.toString());
    }

    private static String excerpt(String text) {
        String flat = text.strip();
        return flat.isEmpty() ? "" : ": " + (flat.length() <= 300 ? flat : flat.substring(0, 300) + "...");
    }
}
