package dev.tether.model.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailuresTest {
    private static final String IN_MODELS = " in the models section of config.json";
    private final Failures failures = new Failures(new ModelInfo("openai", "m", "http://127.0.0.1:8000/v1"),
            "Start your model server, or point base-url" + IN_MODELS + " at one.", t -> Optional.empty());

    @Test
    void providerMessageIsTakenFromOpenAiVllmAndFastApiBodies() {
        assertThat(Failures.providerMessage("{\"error\":{\"message\":\"bad key\",\"type\":\"x\"}}")).isEqualTo("bad key");
        assertThat(Failures.providerMessage("{\"object\":\"error\",\"message\":\"model not found\",\"code\":404}"))
                .isEqualTo("model not found");
        assertThat(Failures.providerMessage("{\"detail\":\"Not Found\"}")).isEqualTo("Not Found");
        assertThat(Failures.providerMessage("<html>502 Bad Gateway</html>")).isEqualTo("<html>502 Bad Gateway</html>");
        assertThat(Failures.providerMessage("")).isEqualTo("no details");
    }

    @Test
    void streamErrorWithNumericCodeUsesItAsStatus() {
        ModelException e = failures.streamError("{\"error\":{\"message\":\"too long\",\"type\":\"BadRequestError\","
                + "\"code\":400}}");
        assertThat(e).isInstanceOfSatisfying(ModelException.Rejected.class, r -> assertThat(r.status()).isEqualTo(400));
        assertThat(e.getMessage()).contains("too long").contains("http://127.0.0.1:8000/v1");
    }

    @Test
    void streamErrorTypeDecidesWithoutCode() {
        assertThat(failures.streamError("{\"error\":{\"message\":\"slow\",\"type\":\"requests\"}}"))
                .isInstanceOf(ModelException.RateLimited.class);
        assertThat(failures.streamError("{\"error\":{\"message\":\"busy\",\"type\":\"overloaded_error\"}}"))
                .isInstanceOfSatisfying(ModelException.ServerError.class, s -> assertThat(s.status()).isEqualTo(529));
        assertThat(failures.streamError("{\"error\":{\"message\":\"?\",\"type\":\"server_error\"}}"))
                .isInstanceOfSatisfying(ModelException.ServerError.class, s -> assertThat(s.status()).isEqualTo(500));
    }

    @Test
    void unreadableFailureIsANonHttpServerErrorNamingTheUrl() {
        ModelException e = failures.map(new IllegalStateException("unexpected token"));
        assertThat(e).isInstanceOfSatisfying(ModelException.ServerError.class, s -> assertThat(s.status()).isZero());
        assertThat(e.getMessage()).contains("http://127.0.0.1:8000/v1").contains("openai API");
    }

    @Test
    void connectionRefusedNamesTheUrlAndEndsWithTheProvidersHint() {
        assertThat(failures.map(new ConnectException()).getMessage()).isEqualTo("No model answered at"
                + " http://127.0.0.1:8000/v1 (connection refused). Start your model server, or point base-url"
                + IN_MODELS + " at one.");
    }

    @Test
    void hintsNameTheRealConfigKeys() {
        assertThat(failures.map(new UnknownHostException("nohost")).getMessage()).contains("base-url" + IN_MODELS);
        assertThat(failures.timeout(Duration.ofSeconds(60), false).getMessage())
                .contains("sent nothing within 60s").contains("first-token-timeout" + IN_MODELS);
        assertThat(failures.map(new HttpStatusException(401, "{}", Map.of())).getMessage())
                .contains("api-key" + IN_MODELS);
        assertThat(failures.map(new HttpStatusException(404, "{}", Map.of())).getMessage())
                .contains("base-url and model ('m')" + IN_MODELS);
    }

    @Test
    void noMessageNamesAGuessedKey() {
        List<ModelException> all = List.of(failures.map(new ConnectException()),
                failures.map(new UnknownHostException("nohost")), failures.timeout(Duration.ofSeconds(1), true),
                failures.map(new HttpStatusException(403, "{}", Map.of())),
                failures.map(new HttpStatusException(404, "{}", Map.of())), failures.closed());
        assertThat(all).allSatisfy(e -> assertThat(e.getMessage())
                .doesNotContainPattern("model\\.[a-z]").contains("http://127.0.0.1:8000/v1"));
    }

    @Test
    void closedModelIsRejectedAndNotRetriable() {
        assertThat(failures.closed()).isInstanceOfSatisfying(ModelException.Rejected.class, r -> {
            assertThat(r.retriable()).isFalse();
            assertThat(r.getMessage()).contains("openai:m at http://127.0.0.1:8000/v1 was closed");
        });
    }
}
