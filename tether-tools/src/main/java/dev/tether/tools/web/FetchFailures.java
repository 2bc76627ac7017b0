package dev.tether.tools.web;

import dev.tether.api.CancelSignal;
import dev.tether.tools.ToolFailureException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLException;

/** Turns what OkHttp threw during one hop into a failure the model can act on. */
final class FetchFailures {
    private FetchFailures() {
    }

    static ToolFailureException of(TargetUrl target, IOException e, CancelSignal cancel, Duration timeout) {
        Optional<RefusedAddressException> refused = refusal(e);
        if (refused.isPresent()) {
            return refused.get().toFailure(target.uri());
        }
        if (cancel.isCancelled()) {
            return new ToolFailureException("Cancelled while fetching '" + target.uri() + "'", "");
        }
        if (e instanceof UnknownHostException) {
            return new ToolFailureException("Could not resolve host '" + target.host() + "'",
                    "Check the host name for typos, or search for the right site first.", e);
        }
        if (e instanceof InterruptedIOException) { // OkHttp's call timeout, or a socket read timeout
            return new ToolFailureException("Timed out after " + timeout.toMillis() + " ms fetching '"
                    + target.uri() + "'", "The server is slow or unreachable; try again later or another source.", e);
        }
        if (e instanceof SSLException) {
            return new ToolFailureException("TLS failed for '" + target.uri() + "': " + e.getMessage(),
                    "The site's certificate may be invalid or expired; try another source.", e);
        }
        if (e instanceof ConnectException) {
            return new ToolFailureException("Could not connect to '" + target.authority() + "': " + e.getMessage(),
                    "The site may be down; try again later or another source.", e);
        }
        return new ToolFailureException("Fetching '" + target.uri() + "' failed: " + e,
                "Try again, or another source.", e);
    }

    /** A refusal anywhere in the chain: OkHttp may rethrow a DNS or connect failure wrapped or suppressed. */
    private static Optional<RefusedAddressException> refusal(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof RefusedAddressException refused) {
                return Optional.of(refused);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof RefusedAddressException refused) {
                    return Optional.of(refused);
                }
            }
        }
        return Optional.empty();
    }
}
