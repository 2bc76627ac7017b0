/**
 * A small HTTP/1.1 server on loopback for fakes of remote services. Unlike a general-purpose server it lets a
 * fake stall a response, drop the TCP connection mid-body, and observe that the client went away, which is
 * what tests of timeouts, retries and cancellation need.
 */
package dev.tether.testkit.http;
