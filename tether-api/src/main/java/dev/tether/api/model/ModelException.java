package dev.tether.api.model;

import dev.tether.api.TetherException;
import java.time.Duration;
import java.util.Optional;

/**
 * A model call failed. Subtypes say why; {@link #retriable()} says whether the same request may succeed
 * later, and {@link #retryAfter()} carries the server's {@code Retry-After} when it sent one. Messages name
 * the model and the URL tried and say what to do, so they can be shown to a user as they are.
 */
public abstract sealed class ModelException extends TetherException
        permits ModelException.Unreachable, ModelException.RateLimited, ModelException.ServerError,
                ModelException.Timeout, ModelException.Rejected {

    private final ModelInfo model;

    protected ModelException(ModelInfo model, String message, Throwable cause) {
        super(message, cause);
        this.model = model;
    }

    public ModelInfo model() {
        return model;
    }

    public abstract boolean retriable();

    public Optional<Duration> retryAfter() {
        return Optional.empty();
    }

    /** Nothing answered at the base URL: connection refused, unknown host, connection dropped mid-stream. */
    public static final class Unreachable extends ModelException {
        public Unreachable(ModelInfo model, String message, Throwable cause) {
            super(model, message, cause);
        }

        @Override
        public boolean retriable() {
            return true;
        }
    }

    /** HTTP 429 or the provider's equivalent. */
    public static final class RateLimited extends ModelException {
        private final Duration retryAfter;

        public RateLimited(ModelInfo model, String message, Duration retryAfter, Throwable cause) {
            super(model, message, cause);
            this.retryAfter = retryAfter;
        }

        @Override
        public boolean retriable() {
            return true;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** HTTP 5xx or an overloaded provider. */
    public static final class ServerError extends ModelException {
        private final int status;
        private final Duration retryAfter;

        public ServerError(ModelInfo model, int status, String message, Duration retryAfter, Throwable cause) {
            super(model, message, cause);
            this.status = status;
            this.retryAfter = retryAfter;
        }

        public int status() {
            return status;
        }

        @Override
        public boolean retriable() {
            return true;
        }

        @Override
        public Optional<Duration> retryAfter() {
            return Optional.ofNullable(retryAfter);
        }
    }

    /** No first byte, or no progress, within the configured time. */
    public static final class Timeout extends ModelException {
        public Timeout(ModelInfo model, String message, Throwable cause) {
            super(model, message, cause);
        }

        @Override
        public boolean retriable() {
            return true;
        }
    }

    /** The provider refused the request (HTTP 4xx other than 429: bad key, unknown model, bad request). */
    public static final class Rejected extends ModelException {
        private final int status;

        public Rejected(ModelInfo model, int status, String message, Throwable cause) {
            super(model, message, cause);
            this.status = status;
        }

        public int status() {
            return status;
        }

        @Override
        public boolean retriable() {
            return false;
        }
    }
}
