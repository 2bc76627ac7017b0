package dev.tether.tools.web;

import dev.tether.tools.ToolFailureException;
import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * An http(s) URL taken apart and checked before anything is sent: scheme http or https, a host, no user
 * name or password, a valid port. The host is normalised the way the guards see it (percent-decoded, IDN to
 * ASCII, lower case), and the request is built from these parts, so OkHttp talks to the host that was
 * checked and not to its own reading of the original text.
 *
 * @param uri the URL as given (fragment dropped), for display and for resolving redirects
 * @param secure true for https
 * @param host lower-case ASCII host; IPv6 keeps its brackets
 * @param port explicit or the scheme's default
 */
record TargetUrl(URI uri, boolean secure, String host, int port) {

    static TargetUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ToolFailureException("Not a valid URL: '" + text + "' (" + e.getReason() + ")",
                    "Pass a full URL such as 'https://example.com/page'; percent-encode spaces as %20.");
        }
        return of(uri, text);
    }

    /** The URL a redirect's {@code Location} points to, resolved against this one. */
    TargetUrl redirect(String location) {
        try {
            return of(uri.resolve(new URI(location.strip())), location);
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new ToolFailureException("The server redirected to an invalid URL: '" + location + "'",
                    "Try the final URL directly if you know it.");
        }
    }

    /** The host, plus the port when it is not the scheme's default; for messages. */
    String authority() {
        return port == (secure ? 443 : 80) ? host : host + ":" + port;
    }

    /**
     * The URL OkHttp requests, with {@code connectHost} as its host: the name itself, or for an IP literal the
     * checked address in plain form, so that OkHttp neither re-reads an odd numeric form nor asks DNS.
     *
     * @throws IllegalArgumentException if OkHttp does not accept the host
     */
    HttpUrl httpUrl(String connectHost) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        HttpUrl.Builder url = new HttpUrl.Builder().scheme(secure ? "https" : "http").host(connectHost).port(port)
                .encodedPath(path);
        return uri.getRawQuery() == null ? url.build() : url.encodedQuery(uri.getRawQuery()).build();
    }

    private static TargetUrl of(URI uri, String original) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new ToolFailureException("Only http and https URLs can be fetched, not '" + original + "'",
                    scheme.isEmpty() ? "Add the scheme, e.g. 'https://" + original + "'."
                            : "Use an http:// or https:// URL.");
        }
        String authority = uri.getRawAuthority();
        if (authority == null || authority.isEmpty()) {
            throw new ToolFailureException("The URL has no host: '" + original + "'",
                    "Pass a full URL such as 'https://example.com/page'.");
        }
        if (authority.contains("@")) {
            throw new ToolFailureException("URLs with a user name or password are not fetched: '" + original + "'",
                    "Remove the 'user@' part of the URL.");
        }
        boolean secure = scheme.equals("https");
        int close = authority.startsWith("[") ? authority.indexOf(']') : -1;
        int colon = authority.indexOf(':', Math.max(close, 0));
        String host = colon < 0 ? authority : authority.substring(0, colon);
        int port = port(colon < 0 ? "" : authority.substring(colon + 1), secure ? 443 : 80, original);
        URI clean = uri.getRawFragment() == null ? uri : URI.create(uri.toString().split("#", 2)[0]);
        return new TargetUrl(clean, secure, asciiHost(host, original), port);
    }

    private static int port(String text, int defaultPort, String original) {
        if (text.isEmpty()) {
            return defaultPort;
        }
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new ToolFailureException("Invalid port '" + text + "' in URL '" + original + "'",
                    "Ports are numbers from 1 to 65535; omit the port for the default.");
        }
        return Integer.parseInt(text);
    }

    private static String asciiHost(String raw, String original) {
        try {
            String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
            if (decoded.startsWith("[")) {
                if (!decoded.matches("\\[[0-9A-Fa-f:.]+(%[0-9A-Za-z._-]+)?]")) {
                    throw new IllegalArgumentException("not a bracketed IPv6 address");
                }
                return decoded.toLowerCase(Locale.ROOT);
            }
            String ascii = IDN.toASCII(decoded, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
            if (ascii.isEmpty() || !ascii.matches("[a-z0-9._-]+")) {
                throw new IllegalArgumentException("characters outside a-z, 0-9, '.', '_' and '-'");
            }
            return ascii;
        } catch (IllegalArgumentException e) {
            throw new ToolFailureException("Invalid host '" + raw + "' in URL '" + original + "': "
                    + e.getMessage(), "Check the host name for typos.");
        }
    }
}
