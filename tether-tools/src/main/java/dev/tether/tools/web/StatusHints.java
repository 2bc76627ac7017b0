package dev.tether.tools.web;

/** What the model should try after an HTTP error status. */
final class StatusHints {
    private StatusHints() {
    }

    static String forStatus(int status) {
        return switch (status) {
            case 401, 403 -> "The site refuses access without login; try another source.";
            case 404, 410 -> "The page does not exist; check the URL or search for the right one.";
            case 429 -> "The site is rate limiting; try again later or use another source.";
            default -> status >= 500 ? "The server failed; try again later or use another source."
                    : "Check the URL; the server rejected the request.";
        };
    }
}
