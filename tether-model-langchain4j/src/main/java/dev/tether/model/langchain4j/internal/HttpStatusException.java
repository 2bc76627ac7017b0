package dev.tether.model.langchain4j.internal;

import dev.langchain4j.exception.HttpException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A non-2xx response, keeping the headers LangChain4j's own {@link HttpException} drops. LangChain4j maps
 * errors by the root cause's status and keeps it as the cause, so this survives to our own mapping.
 */
final class HttpStatusException extends HttpException {
    private final Map<String, List<String>> headers;

    HttpStatusException(int status, String body, Map<String, List<String>> headers) {
        super(status, body);
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        this.headers = copy;
    }

    /** The server's requested delay from {@code retry-after-ms} or {@code Retry-After} (seconds or HTTP date). */
    Optional<Duration> retryAfter() {
        Optional<Duration> millis = header("retry-after-ms").flatMap(v -> parseLong(v).map(Duration::ofMillis));
        return millis.isPresent() ? millis : header("retry-after").flatMap(HttpStatusException::parseRetryAfter);
    }

    private Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst().trim());
    }

    static Optional<Duration> parseRetryAfter(String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            return seconds < 0 || Double.isNaN(seconds) ? Optional.empty()
                    : Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
        } catch (NumberFormatException e) {
            // not delay-seconds: try the HTTP-date form below
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME.withLocale(Locale.ROOT));
            Duration delay = Duration.between(ZonedDateTime.now(at.getZone()), at);
            return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
        } catch (DateTimeParseException e) {
            return Optional.empty(); // a malformed header is treated as absent, as RFC 9110 allows
        }
    }

    private static Optional<Long> parseLong(String value) {
        try {
            long parsed = Long.parseLong(value.trim());
            return parsed < 0 ? Optional.empty() : Optional.of(parsed);
        } catch (NumberFormatException e) {
            return Optional.empty(); // not a number: the caller tries the other forms
        }
    }
}
