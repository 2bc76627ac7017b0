package dev.tether.model.langchain4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import dev.tether.api.model.ModelException;
import dev.tether.api.model.ModelInfo;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns whatever a call failed with into a {@link ModelException} by type and HTTP status, never by message
 * text, and writes messages that name the model and URL and say what to do next. Config keys are named by
 * their place in the models section ({@code base-url}, {@code api-key}, ...): the model's name there is not
 * known here.
 */
public final class Failures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IN_MODELS = " in the models section of config.json";

    private final ModelInfo info;
    private final String startHint;
    private final Function<Throwable, Optional<ModelException>> providerSpecific;

    /**
     * @param startHint the sentence telling a user how to get a server answering, for connection failures; it
     *     should name base-url in the models section of config.json
     * @param providerSpecific maps a provider's own exception types first; empty to fall through
     */
    public Failures(ModelInfo info, String startHint, Function<Throwable, Optional<ModelException>> providerSpecific) {
        this.info = info;
        this.startHint = startHint;
        this.providerSpecific = providerSpecific;
    }

    public ModelInfo info() {
        return info;
    }

    /** Maps a failure reported by LangChain4j or the HTTP client. */
    public ModelException map(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            Optional<ModelException> specific = providerSpecific.apply(t);
            if (specific.isPresent()) {
                return specific.get();
            }
            if (t instanceof HttpStatusException s) {
                return byStatus(s.statusCode(), "HTTP " + s.statusCode(), s.getMessage(), s.retryAfter(), error);
            }
            if (t instanceof HttpException h) {
                return byStatus(h.statusCode(), "HTTP " + h.statusCode(), h.getMessage(), Optional.empty(), error);
            }
            if (t instanceof ConnectException) {
                return unreachable("connection refused", error);
            }
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException
                    || t instanceof UnresolvedModelServerException) {
                return new ModelException.Unreachable(info, "No model answered at " + info.baseUrl()
                        + " (unknown host). Check the host name in base-url" + IN_MODELS + ".", error);
            }
            if (t instanceof HttpConnectTimeoutException) {
                return unreachable("no connection within the connect timeout", error);
            }
            if (t instanceof HttpTimeoutException) {
                return new ModelException.Timeout(info, info.id() + " at " + info.baseUrl()
                        + " did not answer in time (" + t.getMessage() + "). Retry later.", error);
            }
            if (t instanceof IOException) {
                return dropped(t.getClass().getSimpleName() + ": " + t.getMessage(), error);
            }
        }
        return new ModelException.ServerError(info, 0, info.id() + " at " + info.baseUrl()
                + " sent a reply Tether could not read (" + error + "). Check that the server speaks the "
                + info.provider() + " API, or look at its logs.", null, error);
    }

    /** No event within the limit: before the first one, or between two. */
    public ModelException timeout(Duration limit, boolean started) {
        String what = started ? "stopped sending for " : "sent nothing within ";
        return new ModelException.Timeout(info, info.id() + " at " + info.baseUrl() + " " + what + format(limit)
                + " (first-token timeout). The server may be overloaded or still loading the model; retry, or raise"
                + " first-token-timeout" + IN_MODELS + ".", null);
    }

    /** A call to a model that was closed: not retriable, since this instance will never answer again. */
    public ModelException closed() {
        return new ModelException.Rejected(info, 0, info.id() + " at " + info.baseUrl() + " was closed and takes"
                + " no more calls. Tether closes its models when it shuts down; create a new model to call it again.",
                null);
    }

    /** The response body ended without the provider's end-of-reply marker. */
    public ModelException endedEarly() {
        return dropped("the stream ended before the reply was complete", null);
    }

    /**
     * An error object the server sent inside the stream. Its numeric {@code code} (vLLM) is taken as the HTTP
     * status; otherwise its {@code type} decides: rate limit, overload, invalid request, or a server error.
     */
    public ModelException streamError(String json) {
        JsonNode error;
        try {
            error = JSON.readTree(json).path("error");
        } catch (IOException e) {
            return endedEarly(); // the peek matched text that was not a JSON error object
        }
        int code = error.path("code").isInt() ? error.path("code").asInt() : 0;
        String type = error.path("type").asText("");
        int status = code >= 400 && code <= 599 ? code : switch (error.path("type").asText("")) {
            case "rate_limit_error", "rate_limit_exceeded", "requests", "tokens" -> 429;
            case "overloaded_error" -> 529;
            case "invalid_request_error", "BadRequestError" -> 400;
            default -> "rate_limit_exceeded".equals(error.path("code").asText()) ? 429 : 500;
        };
        String what = "error event" + (type.isEmpty() ? "" : " '" + type + "'") + " in the stream";
        return byStatus(status, what, json, Optional.empty(), null);
    }

    private ModelException unreachable(String why, Throwable cause) {
        return new ModelException.Unreachable(info, "No model answered at " + info.baseUrl() + " (" + why + "). "
                + startHint, cause);
    }

    private ModelException dropped(String detail, Throwable cause) {
        return new ModelException.Unreachable(info, "The connection to " + info.id() + " at " + info.baseUrl()
                + " dropped mid-reply (" + detail + "). The request can be retried; if this keeps happening, check"
                + " the model server's logs.", cause);
    }

    /**
     * @param what how the status arrived, for the message: "HTTP 503", or an error event's type
     */
    ModelException byStatus(int status, String what, String body, Optional<Duration> retryAfter, Throwable cause) {
        String detail = what + ": " + providerMessage(body);
        String where = info.id() + " at " + info.baseUrl();
        if (status == 429) {
            return new ModelException.RateLimited(info, where + " is rate limited (" + detail + ")"
                    + retryAfter.map(d -> "; retry after " + format(d)).orElse("")
                    + ". Send fewer requests or raise the account's limit.", retryAfter.orElse(null), cause);
        }
        if (status >= 500 || status == 408) {
            return new ModelException.ServerError(info, status, where + " failed (" + detail
                    + "). This is usually temporary; retry later or check the server's status.",
                    retryAfter.orElse(null), cause);
        }
        String next = switch (status) {
            case 401, 403 -> "Check api-key" + IN_MODELS + " (or the environment variable it names).";
            case 404 -> "Check base-url and model ('" + info.model() + "')" + IN_MODELS + ".";
            default -> "The server did not accept the request; check its logs and the model settings.";
        };
        return new ModelException.Rejected(info, status, where + " rejected the request (" + detail + "). " + next,
                cause);
    }

    /** The provider's own error message from a JSON error body, or the body itself, shortened. */
    static String providerMessage(String body) {
        if (body == null || body.isBlank()) {
            return "no details";
        }
        try {
            JsonNode root = JSON.readTree(body);
            for (String path : new String[] {"/error/message", "/message", "/detail", "/error"}) {
                JsonNode node = root.at(path);
                if (node.isTextual() && !node.asText().isBlank()) {
                    return shorten(node.asText());
                }
            }
        } catch (IOException e) {
            // not JSON (an HTML error page from a proxy, say): show the text itself
        }
        return shorten(body.strip());
    }

    private static String shorten(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
