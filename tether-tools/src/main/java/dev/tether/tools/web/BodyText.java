package dev.tether.tools.web;

import dev.tether.tools.ToolFailureException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;

/**
 * Decides what a response body is from its {@code Content-Type} (or, without one, from its first bytes)
 * and turns it into text: HTML through {@link HtmlText}, text and JSON passed through, anything else
 * refused as binary.
 *
 * @param title the HTML title, empty for non-HTML
 * @param text the readable text
 */
record BodyText(String title, String text) {
    private static final Pattern CHARSET = Pattern.compile("(?i)charset\\s*=\\s*\"?([^\";\\s]+)");
    private static final int SNIFF_BYTES = 1_024;

    static BodyText of(byte[] body, String contentType, String url) {
        String mime = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        Optional<Charset> charset = charset(contentType);
        if (mime.isEmpty()) {
            mime = sniff(body);
        }
        if (mime.equals("text/html") || mime.equals("application/xhtml+xml")) {
            return html(body, charset, url);
        }
        if (!isText(mime) || hasNul(body)) {
            throw new ToolFailureException("The response from '" + url + "' is '" + mime + "' (binary, "
                    + body.length + " bytes read), which web_fetch cannot show as text",
                    "web_fetch reads HTML, text and JSON pages; look for an HTML or text version of this content.");
        }
        return new BodyText("", new String(body, charset.orElse(StandardCharsets.UTF_8)));
    }

    static boolean isText(String mime) {
        return mime.startsWith("text/") || mime.equals("application/json") || mime.endsWith("+json")
                || mime.equals("application/xml") || mime.endsWith("+xml") || mime.equals("application/javascript")
                || mime.equals("application/x-ndjson") || mime.equals("application/yaml")
                || mime.equals("application/x-yaml") || mime.equals("application/toml");
    }

    private static BodyText html(byte[] body, Optional<Charset> charset, String url) {
        Document document;
        try {
            document = Jsoup.parse(new ByteArrayInputStream(body), charset.map(Charset::name).orElse(null), url);
        } catch (IOException | UncheckedIOException e) {
            throw new ToolFailureException("Could not parse the HTML from '" + url + "': " + e.getMessage(),
                    "Try another URL for the same content.", e);
        }
        return new BodyText(document.title().strip(), HtmlText.of(document));
    }

    private static String sniff(byte[] body) {
        String start = new String(body, 0, Math.min(body.length, SNIFF_BYTES), StandardCharsets.ISO_8859_1)
                .stripLeading().toLowerCase(Locale.ROOT);
        if (start.startsWith("<!doctype html") || start.startsWith("<html")) {
            return "text/html";
        }
        return hasNul(body) ? "application/octet-stream" : "text/plain";
    }

    private static boolean hasNul(byte[] body) {
        for (int i = 0; i < Math.min(body.length, SNIFF_BYTES); i++) {
            if (body[i] == 0) {
                return true;
            }
        }
        return false;
    }

    private static Optional<Charset> charset(String contentType) {
        Matcher m = CHARSET.matcher(contentType);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Charset.forName(m.group(1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an unknown charset name: fall back to UTF-8 or the HTML's own meta tag
        }
    }
}
