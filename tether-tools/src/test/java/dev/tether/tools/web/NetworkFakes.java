package dev.tether.tools.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fakes for the network seams of {@link WebFetchTool}: nothing here ever leaves loopback. */
final class NetworkFakes {
    private NetworkFakes() {
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // literals only: parsed, never looked up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /**
     * Treats 127.0.0.1 as if it were a public address (so a loopback server can stand in for the internet)
     * and everything else exactly as the production policy does, 127.0.0.2 included.
     */
    static AddressPolicy publicExceptLoopbackOne() {
        return address -> address.getHostAddress().equals("127.0.0.1") ? Optional.empty()
                : AddressPolicy.publicOnly().refusal(address);
    }

    /** A resolver with a fixed table; each name may answer differently on successive calls. */
    static final class FakeResolver implements HostResolver {
        private final Map<String, Deque<List<InetAddress>>> answers = new HashMap<>();
        final List<String> asked = new CopyOnWriteArrayList<>();

        /** Answers {@code first} to the first question about {@code host} and {@code then} to every later one. */
        FakeResolver rebinding(String host, String first, String then) {
            answers.put(host, new ConcurrentLinkedDeque<>(List.of(List.of(ip(first)), List.of(ip(then)))));
            return this;
        }

        FakeResolver map(String host, String... addresses) {
            List<InetAddress> resolved = List.of(addresses).stream().map(NetworkFakes::ip).toList();
            answers.put(host, new ConcurrentLinkedDeque<>(List.of(resolved)));
            return this;
        }

        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            asked.add(host);
            Deque<List<InetAddress>> queue = answers.get(host);
            if (queue == null) {
                throw new UnknownHostException(host + " (not in the test's fake DNS)");
            }
            return queue.size() > 1 ? queue.poll() : queue.peek();
        }
    }

    /**
     * Sockets that record every connection attempt and refuse, without connecting, anything that is not
     * loopback; otherwise the production {@link DirectSocketFactory} sockets.
     */
    static final class RecordingSockets extends DirectSocketFactory {
        final List<InetSocketAddress> connections = new CopyOnWriteArrayList<>();

        @Override
        public Socket createSocket() {
            return new Socket(Proxy.NO_PROXY) {
                @Override
                public void connect(SocketAddress endpoint, int timeout) throws IOException {
                    InetSocketAddress address = (InetSocketAddress) endpoint;
                    connections.add(address);
                    if (!address.getAddress().isLoopbackAddress()) {
                        throw new AssertionError("Test tried to connect to a non-loopback address: " + address);
                    }
                    super.connect(endpoint, timeout);
                }
            };
        }

        List<String> hosts() {
            List<String> hosts = new ArrayList<>();
            connections.forEach(a -> hosts.add(a.getAddress().getHostAddress()));
            return hosts;
        }
    }
}
