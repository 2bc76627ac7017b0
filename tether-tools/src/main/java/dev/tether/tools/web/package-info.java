/**
 * The {@code web_fetch} tool: fetches one http(s) URL with OkHttp and returns readable text. Guarded against
 * server-side request forgery: every address a host resolves to is checked by an
 * {@link dev.tether.tools.web.AddressPolicy} before connecting, on every redirect hop, and OkHttp connects only
 * to the checked addresses (its {@code Dns} checks and returns them).
 */
package dev.tether.tools.web;
