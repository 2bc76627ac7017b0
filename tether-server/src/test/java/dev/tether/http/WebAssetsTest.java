package dev.tether.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tether.server.ServerTest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.net.URLClassLoader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web UI and its WebJars over HTTP: types, caching, and nothing outside the two folders. */
class WebAssetsTest extends ServerTest<HttpHarness> {
    @BeforeEach
    void start() {
        h = new HttpHarness(dir, HttpHarness.ADA_ONLY);
        h.token = java.util.Optional.empty(); // the page itself is public; it asks for a token
    }

    private static Path webFolder() throws URISyntaxException {
        return Path.of(WebAssets.class.getClassLoader().getResource("web/index.html").toURI()).getParent();
    }

    @Test
    void everyFileOfTheUiIsServedWithItsTypeAndRevalidated() throws Exception {
        HttpResponse<String> root = h.get("/");
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.headers().firstValue("Content-Type")).hasValue("text/html;charset=utf-8");
        assertThat(root.body()).isEqualTo(Files.readString(webFolder().resolve("index.html")));
        assertThat(root.headers().firstValue("Cache-Control")).hasValue("no-cache");

        List<Path> files;
        try (Stream<Path> all = Files.walk(webFolder())) {
            files = all.filter(Files::isRegularFile).filter(f -> !f.getFileName().toString().startsWith(".")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        for (Path file : files) {
            String path = "/" + webFolder().relativize(file).toString().replace('\\', '/');
            HttpResponse<String> r = h.get(path);
            assertThat(r.statusCode()).as(path + " (a new file directly in web/ needs a line in WebAssets.TOP_LEVEL)")
                    .isEqualTo(200);
            assertThat(r.body()).as(path).isEqualTo(Files.readString(file));
            String type = r.headers().firstValue("Content-Type").orElseThrow();
            if (path.endsWith(".js")) {
                assertThat(type).as(path).isEqualTo("text/javascript;charset=utf-8");
            } else if (path.endsWith(".css")) {
                assertThat(type).as(path).isEqualTo("text/css;charset=utf-8");
            }
        }
    }

    @Test
    void theWebJarsTheUiImportsAreServedAndCachedForAYear() throws Exception {
        Matcher imports = Pattern.compile("\"(/webjars/[^\"]+)\"").matcher(Files.readString(webFolder().resolve("index.html")));
        int found = 0;
        while (imports.find()) {
            found++;
            HttpResponse<String> r = h.get(imports.group(1));
            assertThat(r.statusCode()).as(imports.group(1)).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/javascript;charset=utf-8");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            assertThat(r.body()).hasSizeGreaterThan(1000);
        }
        assertThat(found).as("marked and DOMPurify in the import map").isEqualTo(2);
    }

    @Test
    void aMatchingEtagGetsNotModified() {
        HttpResponse<String> first = h.get("/js/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = h.send(h.request("/js/app.js").header("If-None-Match", etag).GET().build());
        HttpResponse<String> stale = h.send(h.request("/js/app.js").header("If-None-Match", "\"old\"").GET().build());

        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(first.body());
    }

    @Test
    void foldersEscapesAndHiddenNamesAreNotFound() {
        for (String path : List.of("/js", "/js/", "/webjars/marked", "/webjars/marked/17.0.1/lib/", "/js/.app.js",
                "/js/%2e%2e/app.css", "/webjars/%2e%2e/%2e%2e/web/index.html", "/js/..%2fapp.css", "/nope.html",
                "/webjars/x/..;/y.js")) {
            HttpResponse<String> r = h.get(path);
            assertThat(r.statusCode()).as(path + ": " + r.body()).isBetween(400, 404);
        }
    }

    @Test
    void aPathThatLeavesItsFolderOrNamesAHiddenFileIsNotLookedUp() {
        WebAssets assets = new WebAssets(WebAssets.class.getClassLoader());

        assertThat(assets.find("web/js/../app.css")).as("the class loader itself would find it").isPresent();
        for (String relative : List.of("../app.css", "./app.js", "x/../../app.css", ".hidden", "a//b.js", "", "/app.js")) {
            assertThat(assets.findUnder("web/js/", relative)).as(relative).isEmpty();
        }
        assertThat(assets.findUnder("web/js/", "app.js")).isPresent();
    }

    @Test
    void theOtherTopLevelRoutesStillAnswer() {
        assertThat(h.get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<String> api = h.get("/api");
        assertThat(api.statusCode()).isEqualTo(404);
        assertThat(HttpHarness.json(api).get("error").get("code").asText()).isEqualTo("unknown_route");
        h.token = java.util.Optional.of(HttpHarness.TOKEN);
        assertThat(h.get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void insideAJarFilesAreFoundAndFoldersAreNot(@TempDir Path jarDir) throws IOException {
        Path jar = jarDir.resolve("ui.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("web/"));
            out.putNextEntry(new JarEntry("web/js/"));
            out.putNextEntry(new JarEntry("web/js/app.js"));
            OutputStream body = out;
            body.write("export {};".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            WebAssets assets = new WebAssets(loader);

            assertThat(assets.find("web/js/app.js")).hasValueSatisfying(a -> {
                assertThat(new String(a.bytes(), StandardCharsets.UTF_8)).isEqualTo("export {};");
                assertThat(a.contentType()).isEqualTo("text/javascript;charset=utf-8");
            });
            assertThat(assets.find("web/js")).isEmpty();
            assertThat(assets.find("web/js/")).isEmpty();
            assertThat(assets.find("web/js/missing.js")).isEmpty();
        }
    }
}
