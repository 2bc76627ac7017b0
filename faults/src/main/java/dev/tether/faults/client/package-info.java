/**
 * Clients of the WebSocket protocol that record every frame: a blocking socket per connection on a virtual
 * thread (thousands at once), and a well-behaved chat client on top that resumes, re-sends and reconnects.
 */
package dev.tether.faults.client;
