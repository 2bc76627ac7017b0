package dev.tether.model.openai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailuresTest {
    private final Failures failures = new Failures(new ModelInfo("openai", "m", "http://127.0.0.1:8000/v1"),
            "Start your model server.", t -> Optional.empty());

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
}
