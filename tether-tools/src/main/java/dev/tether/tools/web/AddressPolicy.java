package dev.tether.tools.web;

import java.net.InetAddress;
import java.util.Optional;

/**
 * Decides whether {@link WebFetchTool} may connect to a resolved address. Applied to every address a host
 * resolves to (one refused address refuses the host) and again on every redirect hop, always before any
 * connection; and once more to the address each connection reached, before the request is written. Must be
 * thread-safe and must not do I/O.
 */
@FunctionalInterface
public interface AddressPolicy {

    /** Why {@code address} is refused, e.g. {@code "loopback (127.0.0.0/8)"}, or empty when it is allowed. */
    Optional<String> refusal(InetAddress address);

    /**
     * Public internet addresses only. Refuses loopback, unspecified, RFC 1918 private, CGNAT 100.64/10,
     * link-local 169.254/16 (cloud metadata) and fe80::/10, unique-local fc00::/7, multicast, broadcast,
     * reserved and documentation ranges, and IPv6 forms that embed a refused IPv4 address (IPv4-mapped,
     * IPv4-compatible, 6to4, NAT64); Teredo is refused whole because its IPv4 part is obfuscated.
     */
    static AddressPolicy publicOnly() {
        return BlockedRanges::refusal;
    }

    /** Allows every address; for {@link WebFetchSettings#allowPrivateAddresses()}. */
    static AddressPolicy allowAll() {
        return address -> Optional.empty();
    }
}
