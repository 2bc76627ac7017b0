package dev.tether.tools.web;

import java.net.InetAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketException;
import javax.net.SocketFactory;

/**
 * The sockets OkHttp connects for {@link WebFetchTool}: plain, unconnected, and created with
 * {@link Proxy#NO_PROXY}. A socket from the JDK's default factory would consult the JVM's SOCKS settings
 * ({@code socksProxyHost}) and could reach a proxy the {@link AddressPolicy} never saw; this one connects
 * exactly to the checked address OkHttp hands it. OkHttp only calls {@link #createSocket()}; the variants
 * that connect at once are refused, since they would skip the check. Not final so a test can record
 * connections.
 */
class DirectSocketFactory extends SocketFactory {

    @Override
    public Socket createSocket() {
        return new Socket(Proxy.NO_PROXY);
    }

    @Override
    public Socket createSocket(String host, int port) throws SocketException {
        throw connectingVariant();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws SocketException {
        throw connectingVariant();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws SocketException {
        throw connectingVariant();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws SocketException {
        throw connectingVariant();
    }

    private static SocketException connectingVariant() {
        return new SocketException("web_fetch sockets are created unconnected and connected only to checked"
                + " addresses; use createSocket()");
    }
}
