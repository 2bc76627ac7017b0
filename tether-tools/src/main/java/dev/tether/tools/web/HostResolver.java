package dev.tether.tools.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into the addresses to check and connect to. {@link WebFetchTool} calls it from OkHttp's
 * {@code Dns} once per connection, which is once per redirect hop since no connections are kept; only for
 * names: IP literals in any encoding are parsed locally and never reach it. Every address returned is checked
 * by the {@link AddressPolicy} and only those addresses are connected to. Must be thread-safe. Tests
 * substitute a fake that maps names such as {@code public.test} to loopback.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * @param host an ASCII host name (IDN already converted), lower case, without brackets or port
     * @return at least one address
     * @throws UnknownHostException if the name does not resolve
     */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** The JVM's resolver ({@link InetAddress#getAllByName}), with its cache. */
    static HostResolver system() {
        return host -> List.of(InetAddress.getAllByName(host));
    }
}
