package dev.tether.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.ServerTest;
import dev.tether.server.TestServer;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

/**
 * An open WebSocket keeps only what it needs: not the HTTP request it was upgraded from (with Jetty's HTTP
 * connection, parser and channel behind it), and no HTTP session. Counted with the JVM's live class histogram
 * (a full GC first), so it checks which objects stay, not how many bytes: per-connection bytes are the bench's
 * figure ({@code bench/run --scenario=idle}).
 */
class GatewayRetentionTest extends ServerTest<TestServer> {
    private static final int CONNECTIONS = 40;
    /** Objects of the upgrade request and HTTP exchange that an open WebSocket must not keep. */
    private static final List<String> UPGRADE_REQUEST = List.of(
            "org.eclipse.jetty.server.internal.HttpConnection",
            "org.eclipse.jetty.server.internal.HttpChannelState",
            "org.eclipse.jetty.http.HttpParser",
            "org.eclipse.jetty.ee10.servlet.ServletChannel",
            "org.eclipse.jetty.ee10.servlet.ServletContextRequest",
            "org.eclipse.jetty.ee10.servlet.ServletApiRequest",
            "org.eclipse.jetty.session.ManagedSession",
            "org.eclipse.jetty.session.SessionData",
            "io.javalin.http.servlet.JavalinWsServletContext");

    @Test
    void anOpenConnectionKeepsNeitherItsUpgradeRequestNorAnHttpSession() throws Exception {
        h = new TestServer(dir, "max-connections-per-user=100");
        List<WsClient> clients = new ArrayList<>();
        try {
            clients.add(WsClient.hello(h.port())); // classes and pools used by every connection
            Map<String, Long> before = liveInstances();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(WsClient.hello(h.port()));
            }
            Map<String, Long> after = liveInstances();

            // the histogram sees every open connection...
            assertThat(grown(before, after, Connection.class.getName())).isGreaterThanOrEqualTo(CONNECTIONS);
            // ...and none of their upgrade requests (a few may still be in flight elsewhere: far fewer than one each)
            Map<String, Long> kept = new HashMap<>();
            for (String cls : UPGRADE_REQUEST) {
                long n = grown(before, after, cls);
                if (n > CONNECTIONS / 4) {
                    kept.put(cls, n);
                }
            }
            assertThat(kept).as("objects kept alive by %d open WebSocket connections", CONNECTIONS).isEmpty();
            assertThat(h.server.gateway().connections()).isEqualTo(CONNECTIONS + 1);
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    private static long grown(Map<String, Long> before, Map<String, Long> after, String cls) {
        return after.getOrDefault(cls, 0L) - before.getOrDefault(cls, 0L);
    }

    /** Live instances per class, after a full GC ({@code jcmd GC.class_histogram}, in-process). */
    private static Map<String, Long> liveInstances() throws Exception {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Long> counts = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(\\S+)").matcher(histogram);
        while (m.find()) {
            counts.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        return counts;
    }
}
