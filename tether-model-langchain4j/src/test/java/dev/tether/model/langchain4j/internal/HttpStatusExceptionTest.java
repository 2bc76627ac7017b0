package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpStatusExceptionTest {

    @Test
    void retryAfterInSecondsIsParsed() {
        assertThat(withHeaders(Map.of("Retry-After", List.of("7"))).retryAfter()).contains(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterWithFractionalSecondsIsParsed() {
        assertThat(withHeaders(Map.of("retry-after", List.of("1.5"))).retryAfter()).contains(Duration.ofMillis(1500));
    }

    @Test
    void retryAfterMillisecondsWinOverSeconds() {
        var e = withHeaders(Map.of("retry-after-ms", List.of("250"), "retry-after", List.of("1")));
        assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
    }

    @Test
    void retryAfterAsHttpDateIsParsedAsTheDelayUntilThen() {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
        assertThat(withHeaders(Map.of("Retry-After", List.of(date))).retryAfter()).hasValueSatisfying(d ->
                assertThat(d).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31)));
    }

    @Test
    void malformedOrMissingRetryAfterIsAbsent() {
        assertThat(withHeaders(Map.of("Retry-After", List.of("soon"))).retryAfter()).isEmpty();
        assertThat(withHeaders(Map.of("Retry-After", List.of("-3"))).retryAfter()).isEmpty();
        assertThat(withHeaders(Map.of()).retryAfter()).isEmpty();
    }

    private static HttpStatusException withHeaders(Map<String, List<String>> headers) {
        return new HttpStatusException(429, "{}", headers);
    }
}
