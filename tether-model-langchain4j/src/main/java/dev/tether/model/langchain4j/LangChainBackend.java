package dev.tether.model.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import dev.tether.api.model.ModelSettings;
import java.util.Optional;

/**
 * The provider-specific half of a {@link LangChainChatModel}: builds the provider's LangChain4j streaming
 * model and supplies the provider's defaults and hints. Streaming with abort, the first-token watchdog,
 * {@code Retry-After}, error mapping, settings validation and {@code close()} are shared and not repeated here.
 *
 * <p>Implementations must be stateless and thread-safe: {@link #streamingModel} runs once per call, on the
 * calling thread, possibly on many threads at once. No method may do network I/O or block.
 */
public interface LangChainBackend {

    /** The provider id used in config and in {@link ModelInfo#provider()}: lower case, for example {@code openai}. */
    String provider();

    /**
     * Builds the provider's LangChain4j model for one call. It must use {@code http} as its HTTP client builder,
     * since that client is how cancel, the first-token watchdog and {@code close()} reach the call's HTTP
     * exchange, and it takes the base URL and API key from {@code settings}. The model name, temperature, output
     * limit, messages and tools travel with each request, so they need not be set here. A runtime exception
     * thrown here fails the call with a {@link ModelException}.
     */
    StreamingChatModel streamingModel(ModelSettings settings, HttpClientBuilder http);

    /**
     * What to do when nothing answers at the base URL, for example "Start your model server (for example vLLM),
     * or point base-url in the models section of config.json at one." It follows "No model answered at
     * {@code <url>} (connection refused)." in the error message.
     */
    String unreachableHint();

    /** A base URL shown in settings errors, for example {@code http://127.0.0.1:8000/v1}. */
    String exampleBaseUrl();

    /** A model name shown in settings errors, for example {@code Qwen/Qwen2.5-7B-Instruct}. */
    String exampleModel();

    /** The output limit sent when neither the request nor the settings set one; 0, the default, sends none. */
    default int defaultMaxOutputTokens() {
        return 0;
    }

    /**
     * Maps one of the provider's own exception types before the shared mapping by type and HTTP status takes
     * over. Called with the failure and then each of its causes, outermost first; empty falls through. The
     * default maps nothing.
     */
    default Optional<ModelException> mapError(ModelInfo model, Throwable error) {
        return Optional.empty();
    }
}
