/**
 * The {@code web_fetch} tool: fetches one http(s) URL and returns readable text. Guarded against server-side
 * request forgery: every address a host resolves to is checked by an {@link dev.tether.tools.web.AddressPolicy}
 * before connecting, on every redirect hop, and the connection goes to the checked address.
 */
package dev.tether.tools.web;
