/**
 * The HTTP server: one Javalin (Jetty 12) instance carrying the WebSocket gateway, the web UI, the REST and
 * OpenAI-compatible APIs and the health checks. Binds to loopback unless configured otherwise, and refuses
 * to listen elsewhere without authentication.
 */
package dev.tether.server;
