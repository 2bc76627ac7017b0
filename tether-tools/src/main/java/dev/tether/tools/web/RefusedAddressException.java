package dev.tether.tools.web;

import dev.tether.tools.ToolFailureException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A host may not be fetched because an address it resolves to (or, as a second check, the address a
 * connection actually reached) is refused by the {@link AddressPolicy}. An {@link UnknownHostException} so
 * that {@link PolicyDns} can throw it through OkHttp's {@code Dns.lookup} contract; {@link GuardedFetcher}
 * turns it into a {@link ToolFailureException} naming the URL.
 */
final class RefusedAddressException extends UnknownHostException {
    private static final long serialVersionUID = 1L;

    /**
     * @param host the URL host as given
     * @param how how the host relates to the address, e.g. {@code "resolves to"}
     * @param address the refused address
     * @param why the policy's reason, e.g. {@code "loopback (127.0.0.0/8)"}
     */
    RefusedAddressException(String host, String how, InetAddress address, String why) {
        super("host '" + host + "' " + how + " " + Addresses.show(address) + ", which is " + why);
    }

    /** Throws when {@code policy} refuses {@code address}; returns normally when it is allowed. */
    static void check(AddressPolicy policy, String host, String how, InetAddress address)
            throws RefusedAddressException {
        var refusal = policy.refusal(address);
        if (refusal.isPresent()) {
            throw new RefusedAddressException(host, how, address, refusal.get());
        }
    }

    /** This refusal as the failure the model sees, for a fetch of {@code url}. */
    ToolFailureException toFailure(URI url) {
        return new ToolFailureException("Refused to fetch '" + url + "': " + getMessage(),
                "web_fetch only reaches public internet addresses; local, private and cloud-metadata"
                        + " addresses are blocked. Use a public URL.", this);
    }
}
