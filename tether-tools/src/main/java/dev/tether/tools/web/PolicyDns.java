package dev.tether.tools.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import okhttp3.Dns;

/**
 * The only resolver OkHttp uses for {@link WebFetchTool}: asks the {@link HostResolver} once, checks every
 * address with the {@link AddressPolicy}, and returns exactly the checked addresses. OkHttp connects only to
 * what {@code lookup} returns, so there is no gap between check and connect for DNS rebinding to use. One
 * refused address refuses the host (a name answering with one public and one private address is a classic
 * rebinding setup). IP-literal hosts never come here: OkHttp uses them directly, so {@link GuardedFetcher}
 * checks those itself before building the request. Thread-safe if the resolver and policy are.
 */
final class PolicyDns implements Dns {
    private final HostResolver resolver;
    private final AddressPolicy policy;

    PolicyDns(HostResolver resolver, AddressPolicy policy) {
        this.resolver = resolver;
        this.policy = policy;
    }

    /**
     * @throws RefusedAddressException if any address is refused; nothing has connected yet
     * @throws UnknownHostException if the name does not resolve or resolves to nothing
     */
    @Override
    public List<InetAddress> lookup(String host) throws UnknownHostException {
        List<InetAddress> addresses = List.copyOf(resolver.resolve(host));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host + " resolved to no address");
        }
        for (InetAddress address : addresses) {
            RefusedAddressException.check(policy, host, "resolves to", address);
        }
        return addresses;
    }
}
