package dev.tether.tools.web;

import static dev.tether.tools.ToolCalls.args;
import static dev.tether.tools.ToolCalls.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.api.tool.ToolResult;
import dev.tether.tools.web.NetworkFakes.FakeResolver;
import dev.tether.tools.web.NetworkFakes.RecordingSockets;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The success paths, against a loopback server that the test policy treats as public. */
@Timeout(30)
class WebFetchToolTest {
    @TempDir
    Path workspace;
    LoopbackServer server;
    FakeResolver resolver;
    RecordingSockets sockets;
    String base;

    @BeforeEach
    void setUp() throws IOException {
        server = new LoopbackServer();
        resolver = new FakeResolver().map("public.test", "127.0.0.1");
        sockets = new RecordingSockets();
        base = "http://public.test:" + server.port();
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private ToolResult fetch(String url, Object... more) {
        WebFetchTool tool = new WebFetchTool(new WebFetchSettings(Duration.ofSeconds(5), 100_000, 3, false),
                resolver, NetworkFakes.publicExceptLoopbackOne(), sockets);
        Object[] arguments = new Object[more.length + 2];
        arguments[0] = "url";
        arguments[1] = url;
        System.arraycopy(more, 0, arguments, 2, more.length);
        return tool.execute(args(arguments), context(workspace));
    }

    @Test
    void fetchesPlainTextFromTheCheckedAddressWithTheOriginalHostHeader() {
        server.text("/hello", "text/plain; charset=utf-8", "hello wörld");
        ToolResult result = fetch(base + "/hello");
        assertThat(result).isInstanceOf(ToolResult.Success.class);
        assertThat(result.forModel()).isEqualTo("URL: " + base + "/hello\nStatus: 200\n"
                + "Content-Type: text/plain; charset=utf-8\n\nhello wörld");
        assertThat(sockets.hosts()).containsExactly("127.0.0.1");
        assertThat(server.seen()).containsExactly(new LoopbackServer.Seen("/hello", "public.test:" + server.port()));
    }

    @Test
    void convertsHtmlToReadableText() {
        server.text("/page", "text/html; charset=utf-8", """
                <!doctype html><html><head><title>The Title</title><style>p { color: red }</style>
                <script>alert('no')</script></head>
                <body><nav><a href="/about">About us</a></nav>
                <h1>Main   heading</h1><p>First <b>bold</b> paragraph.</p>
                <ul><li>one</li><li>two</li></ul><pre>  keep
                  spacing</pre><noscript>enable js</noscript></body></html>""");
        String text = fetch(base + "/page").forModel();
        assertThat(text).contains("Title: The Title\n")
                .contains("[About us](" + base + "/about)")
                .contains("# Main heading\n")
                .contains("First bold paragraph.")
                .contains("- one\n- two")
                .contains("  keep\n  spacing")
                .doesNotContain("alert", "color: red", "enable js", "<p>", "<b>");
    }

    @Test
    void passesJsonThrough() {
        server.text("/api", "application/json", "{\"a\": [1, 2]}");
        assertThat(fetch(base + "/api").forModel()).endsWith("\n\n{\"a\": [1, 2]}");
    }

    @Test
    void decodesGzipBodies() {
        server.on("/gz", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = new GZIPOutputStream(exchange.getResponseBody())) {
                out.write("zipped text".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertThat(fetch(base + "/gz").forModel()).endsWith("\n\nzipped text");
    }

    @Test
    void refusesContentEncodingsItDidNotAskFor() {
        server.on("/br", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.getResponseHeaders().add("Content-Encoding", "br");
            exchange.sendResponseHeaders(200, 4);
            exchange.getResponseBody().write(new byte[] {1, 2, 3, 4});
        });
        assertThat(fetch(base + "/br").forModel()).contains("unsupported Content-Encoding: 'br'");
    }

    @Test
    void refusesBinaryContent() {
        server.text("/img", "image/png", "\u0089PNG\r\n\u001a\n\u0000\u0000");
        ToolResult result = fetch(base + "/img");
        assertThat(result).isInstanceOf(ToolResult.Failure.class);
        assertThat(result.forModel()).contains("is 'image/png' (binary").contains("cannot show as text");
    }

    @Test
    void followsRelativeRedirectAndSaysWhereFrom() {
        server.redirect("/old", "/new").text("/new", "text/plain", "moved here");
        String text = fetch(base + "/old").forModel();
        assertThat(text).startsWith("URL: " + base + "/new\nRedirected from: " + base + "/old\nStatus: 200")
                .endsWith("moved here");
        assertThat(sockets.hosts()).containsExactly("127.0.0.1", "127.0.0.1");
    }

    @Test
    void stopsAfterMaxRedirects() {
        server.redirect("/loop", "/loop");
        ToolResult result = fetch(base + "/loop");
        assertThat(result.forModel()).contains("Too many redirects: more than 3");
        assertThat(server.seen()).hasSize(4);
    }

    @Test
    void httpErrorIsAFailureWithStatusAndHint() {
        server.on("/missing", exchange -> LoopbackServer.send(exchange, 404, "text/plain", "no such page"));
        ToolResult.Failure failure = (ToolResult.Failure) fetch(base + "/missing");
        assertThat(failure.message()).isEqualTo("HTTP 404 from '" + base + "/missing': no such page");
        assertThat(failure.hint()).contains("does not exist");
    }

    @Test
    void maxCharsCutsTheTextWithNote() {
        server.text("/long", "text/plain", "abcdefghij".repeat(100));
        assertThat(fetch(base + "/long", "max_chars", 25).forModel())
                .contains("\n\nabcdefghijabcdefghijabcde\n\n[Truncated at 25 of 1000 characters");
    }

    @Test
    void unknownHostIsAClearFailure() {
        assertThat(fetch("http://nowhere.test/").forModel()).contains("Could not resolve host 'nowhere.test'");
        assertThat(sockets.connections).isEmpty();
    }

    @Test
    void resolvesOncePerHopAndConnectsToTheCheckedAddressEvenIfDnsRebinds() {
        resolver.rebinding("public.test", "127.0.0.1", "127.0.0.2");
        server.text("/r", "text/plain", "pinned");
        assertThat(fetch(base + "/r").forModel()).endsWith("pinned");
        assertThat(resolver.asked).containsExactly("public.test");
        assertThat(sockets.hosts()).containsExactly("127.0.0.1");
    }

    @Test
    void allowPrivateAddressesLetsALoopbackFetchThrough() {
        server.text("/local", "text/plain", "home network");
        String url = "http://127.0.0.1:" + server.port() + "/local";
        WebFetchSettings settings = new WebFetchSettings(Duration.ofSeconds(5), 10_000, 0, true);
        assertThat(new WebFetchTool(settings).execute(args("url", url), context(workspace)).forModel())
                .endsWith("home network");
    }

    @Test
    void oddIpLiteralIsRequestedAsTheParsedAddressWithoutDns() {
        server.text("/odd", "text/plain", "parsed locally");
        WebFetchSettings settings = new WebFetchSettings(Duration.ofSeconds(5), 10_000, 0, true);
        WebFetchTool tool = new WebFetchTool(settings, resolver, AddressPolicy.publicOnly(), sockets);
        assertThat(tool.execute(args("url", "http://0x7f.1:" + server.port() + "/odd"), context(workspace))
                .forModel()).endsWith("parsed locally");
        assertThat(resolver.asked).isEmpty();
        assertThat(server.seen()).containsExactly(new LoopbackServer.Seen("/odd", "127.0.0.1:" + server.port()));
    }

    @Test
    void defaultSettingsRefuseTheSameLoopbackFetchWithoutARequest() {
        server.text("/local", "text/plain", "home network");
        String url = "http://127.0.0.1:" + server.port() + "/local";
        ToolResult result = new WebFetchTool(WebFetchSettings.defaults()).execute(args("url", url), context(workspace));
        assertThat(result.forModel()).contains("Refused to fetch").contains("loopback");
        assertThat(server.seen()).isEmpty();
    }
}
