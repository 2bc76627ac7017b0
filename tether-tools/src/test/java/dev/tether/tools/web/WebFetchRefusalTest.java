package dev.tether.tools.web;

import static dev.tether.tools.ToolCalls.args;
import static dev.tether.tools.ToolCalls.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.tool.ToolResult;
import dev.tether.tools.web.NetworkFakes.FakeResolver;
import dev.tether.tools.web.NetworkFakes.RecordingSockets;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Server-side request forgery guards: every refusal happens before any connection is attempted. */
class WebFetchRefusalTest {
    @TempDir
    Path workspace;
    final FakeResolver resolver = new FakeResolver()
            .map("localhost", "127.0.0.1", "::1")
            .map("metadata.google.internal", "169.254.169.254")
            .map("mixed.test", "93.184.215.14", "10.0.0.5")
            .map("rebind.test", "192.168.0.10");
    final RecordingSockets sockets = new RecordingSockets();

    private ToolResult fetch(AddressPolicy policy, String url) {
        WebFetchTool tool = new WebFetchTool(new WebFetchSettings(Duration.ofSeconds(5), 10_000, 3, false),
                resolver, policy, sockets);
        return tool.execute(args("url", url), context(workspace));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "http://127.0.0.1/ | 127.0.0.1, which is loopback",
        "http://localhost:8080/admin | 127.0.0.1, which is loopback",
        "http://10.0.0.1/ | 10.0.0.1, which is private",
        "http://172.16.5.4/ | 172.16.5.4, which is private",
        "http://192.168.1.1/ | 192.168.1.1, which is private",
        "http://169.254.169.254/latest/meta-data/ | 169.254.169.254, which is link-local",
        "http://metadata.google.internal/computeMetadata/v1/ | 169.254.169.254, which is link-local",
        "http://100.64.0.1/ | 100.64.0.1, which is carrier-grade NAT",
        "http://0.0.0.0:8080/ | 0.0.0.0, which is unspecified",
        "http://224.0.0.1/ | 224.0.0.1, which is multicast",
        "http://255.255.255.255/ | 255.255.255.255, which is reserved or broadcast",
        "http://0x7f000001/ | 127.0.0.1, which is loopback",
        "http://2130706433/ | 127.0.0.1, which is loopback",
        "http://0177.0.0.1/ | 127.0.0.1, which is loopback",
        "http://127.1/ | 127.0.0.1, which is loopback",
        "http://0x7f.1/ | 127.0.0.1, which is loopback",
        "http://0251.0376.0251.0376/ | 169.254.169.254, which is link-local",
        "http://%31%32%37.0.0.1/ | 127.0.0.1, which is loopback",
        "http://127.0.0.1./ | 127.0.0.1, which is loopback",
        "http://[::1]/ | ::1, which is loopback",
        "http://[::]/ | ::, which is unspecified",
        "http://[::ffff:127.0.0.1]/ | 127.0.0.1, which is loopback",
        "http://[::ffff:a9fe:a9fe]/ | 169.254.169.254, which is link-local",
        "http://[::127.0.0.1]/ | IPv4-compatible IPv6 form of 127.0.0.1",
        "http://[fe80::1]/ | which is link-local (fe80::/10)",
        "http://[fe80::1%25lo]/ | which is link-local (fe80::/10)",
        "http://[fd00:ec2::254]/ | which is unique-local",
        "http://[fc00::1]/ | which is unique-local",
        "http://[ff02::1]/ | which is multicast",
        "http://[2002:7f00:1::]/ | 6to4 IPv6 form of 127.0.0.1",
        "http://[64:ff9b::a9fe:a9fe]/ | NAT64 IPv6 form of 169.254.169.254",
        "http://mixed.test/ | 10.0.0.5, which is private",
        "https://10.1.2.3/ | 10.1.2.3, which is private",
    })
    void refusesBlockedAddressesWithoutConnecting(String url, String expected) {
        ToolResult result = fetch(AddressPolicy.publicOnly(), url);
        assertThat(result).isInstanceOf(ToolResult.Failure.class);
        assertThat(result.forModel()).contains("Refused to fetch").contains(expected);
        assertThat(((ToolResult.Failure) result).hint()).contains("only reaches public internet addresses");
        assertThat(sockets.connections).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"file:///etc/passwd", "ftp://example.com/x", "gopher://127.0.0.1:70/",
        "javascript:alert(1)", "example.com/page", "http:///nohost", "http://user:pw@example.com/",
        "http://1.2.3.4.5/", "http://256.0.0.1/", "http://example.123/", "http://[::1/", "http://ex ample.com/",
        "http://example.com:99999/"})
    void refusesMalformedOrNonHttpUrlsWithoutConnecting(String url) {
        ToolResult result = fetch(AddressPolicy.publicOnly(), url);
        assertThat(result).isInstanceOf(ToolResult.Failure.class);
        assertThat(sockets.connections).isEmpty();
        assertThat(resolver.asked).isEmpty();
    }

    @Test
    void ipLiteralsNeverReachTheResolver() {
        fetch(AddressPolicy.publicOnly(), "http://0x7f000001/");
        fetch(AddressPolicy.publicOnly(), "http://[::1]/");
        assertThat(resolver.asked).isEmpty();
    }

    @Test
    void refusesRedirectToBlockedAddress() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            resolver.map("public.test", "127.0.0.1");
            server.redirect("/start", "http://127.0.0.2:" + server.port() + "/secret");
            ToolResult result = fetch(NetworkFakes.publicExceptLoopbackOne(),
                    "http://public.test:" + server.port() + "/start");
            assertThat(result.forModel()).contains("Refused to fetch 'http://127.0.0.2:" + server.port()
                    + "/secret'").contains("127.0.0.2, which is loopback");
            assertThat(sockets.hosts()).containsExactly("127.0.0.1");
            assertThat(server.seen()).extracting(LoopbackServer.Seen::path).containsExactly("/start");
        }
    }

    @Test
    void refusesRedirectToPrivateNameAfterPublicHop() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            resolver.map("public.test", "127.0.0.1");
            server.redirect("/start", "http://rebind.test/internal");
            ToolResult result = fetch(NetworkFakes.publicExceptLoopbackOne(),
                    "http://public.test:" + server.port() + "/start");
            assertThat(result.forModel()).contains("192.168.0.10, which is private");
            assertThat(sockets.hosts()).containsExactly("127.0.0.1");
        }
    }

    @Test
    void refusesRedirectToNonHttpScheme() throws IOException {
        try (LoopbackServer server = new LoopbackServer()) {
            resolver.map("public.test", "127.0.0.1");
            server.redirect("/start", "file:///etc/passwd");
            ToolResult result = fetch(NetworkFakes.publicExceptLoopbackOne(),
                    "http://public.test:" + server.port() + "/start");
            assertThat(result.forModel()).contains("Only http and https URLs can be fetched");
        }
    }
}
