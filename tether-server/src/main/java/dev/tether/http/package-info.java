/**
 * HTTP APIs next to the WebSocket gateway: the REST API for conversations and paged history, and the
 * OpenAI-compatible API that puts the agent behind the standard chat-completions format. Every request is
 * authenticated with a bearer token (unless the server runs without authentication on loopback).
 */
package dev.tether.http;
