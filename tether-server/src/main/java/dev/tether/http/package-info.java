/**
 * HTTP APIs next to the WebSocket gateway: the REST API for conversations and paged history, and the
 * OpenAI-compatible API that puts the agent behind the standard chat-completions format. Every request is
 * authenticated with a bearer token (unless the server runs without authentication on loopback). Unlike a
 * WebSocket turn, a chat-completions turn belongs to its request: a streaming client that disconnects stops it.
 */
package dev.tether.http;
