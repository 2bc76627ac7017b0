package dev.tether.testkit.http;

/** How a streamed response body is delimited on the wire. */
public enum StreamFraming {
    /** {@code Transfer-Encoding: chunked}; the connection stays open for the next request. */
    CHUNKED,
    /** No length: the body ends when the server closes the connection ({@code Connection: close}). */
    CLOSE_DELIMITED
}
