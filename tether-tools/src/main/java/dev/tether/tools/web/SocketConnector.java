package dev.tether.tools.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.time.Duration;

/**
 * Opens the TCP connection for a fetch, to an address that has already passed the {@link AddressPolicy}.
 * The only place {@link WebFetchTool} touches the network, so a test can record (or forbid) connections.
 * Must be thread-safe.
 */
@FunctionalInterface
public interface SocketConnector {

    /**
     * @param address a resolved, checked address; never a host name to resolve again
     * @param timeout how long connecting may take
     * @return a connected socket, which the caller closes
     */
    Socket connect(InetSocketAddress address, Duration timeout) throws IOException;

    /** A plain TCP connection that ignores any configured proxy, so the checked address is the one reached. */
    static SocketConnector direct() {
        return (address, timeout) -> {
            Socket socket = new Socket(Proxy.NO_PROXY);
            try {
                socket.connect(address, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
                return socket;
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        };
    }
}
