package dev.tether.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarEntry;
import java.util.regex.Pattern;

/**
 * Serves the web UI ({@code /}, {@code /app.css}, {@code /js/...} from the classpath folder {@code web}) and the
 * WebJars it imports ({@code /webjars/<name>/<version>/...}), read through the class loader and kept in memory
 * once asked for.
 *
 * <p>Not Javalin's static-file handler: that mounts the application jar as a zip file system once per handler
 * and lookup, and each mount keeps its own index of every entry of the 37 MB jar (8 mounts, ~20 MB of live
 * heap after start). The class loader already has the jar open.
 *
 * <p>Caching: every answer has an {@code ETag} and a matching {@code If-None-Match} gets 304. WebJar paths carry
 * their version, so they are cached for a year; the UI's own files are revalidated on every load, so an upgraded
 * server is picked up by a reload.
 */
public final class WebAssets {
    /** The files directly in {@code web}: each gets its own route, so no pattern shadows other top-level paths. */
    static final List<String> TOP_LEVEL = List.of("index.html", "app.css");
    /** Path segments a served file may have: no empty, dot-only or hidden segments, no escapes. */
    private static final Pattern SAFE_PATH = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"), Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"), Map.entry("mjs", "text/javascript;charset=utf-8"),
            Map.entry("map", "application/json;charset=utf-8"), Map.entry("json", "application/json;charset=utf-8"),
            Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("ico", "image/x-icon"),
            Map.entry("txt", "text/plain;charset=utf-8"),
            Map.entry("woff2", "font/woff2"), Map.entry("woff", "font/woff"), Map.entry("ttf", "font/ttf"));

    record Asset(byte[] bytes, String etag, String contentType) { }

    private final ClassLoader loader;
    private final Map<String, Asset> cache = new ConcurrentHashMap<>();

    WebAssets(ClassLoader loader) {
        this.loader = loader;
    }

    /** Adds GET routes for the web UI and its WebJars; add them after the other routes. */
    public static void install(JavalinConfig cfg) {
        WebAssets assets = new WebAssets(WebAssets.class.getClassLoader());
        cfg.routes.get("/", ctx -> assets.serve(ctx, "web/index.html", false));
        for (String file : TOP_LEVEL) {
            cfg.routes.get("/" + file, ctx -> assets.serve(ctx, "web/" + file, false));
        }
        cfg.routes.get("/js/<path>", ctx -> assets.serveUnder(ctx, "web/js/", ctx.pathParam("path"), false));
        cfg.routes.get("/webjars/<path>",
                ctx -> assets.serveUnder(ctx, "META-INF/resources/webjars/", ctx.pathParam("path"), true));
    }

    private void serveUnder(Context ctx, String folder, String relative, boolean versioned) {
        respond(ctx, findUnder(folder, relative), versioned);
    }

    /**
     * The file at {@code relative} inside {@code folder}, if that path stays inside it: no {@code ..}, no empty or
     * hidden segments (the class loader would resolve {@code web/js/../x} to {@code web/x}).
     */
    Optional<Asset> findUnder(String folder, String relative) {
        return SAFE_PATH.matcher(relative).matches() ? find(folder + relative) : Optional.empty();
    }

    private void serve(Context ctx, String resource, boolean versioned) {
        respond(ctx, find(resource), versioned);
    }

    private void respond(Context ctx, Optional<Asset> found, boolean versioned) {
        if (found.isEmpty()) {
            notFound(ctx);
            return;
        }
        Asset asset = found.get();
        ctx.header("ETag", asset.etag());
        ctx.header("Cache-Control", versioned ? "public, max-age=31536000, immutable" : "no-cache");
        ctx.header("X-Content-Type-Options", "nosniff");
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    /** The resource's bytes, read once; a missing resource is not remembered (paths are chosen by clients). */
    Optional<Asset> find(String resource) {
        Asset cached = cache.get(resource);
        if (cached != null) {
            return Optional.of(cached);
        }
        URL url = loader.getResource(resource);
        if (url == null || !isFile(url)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = url.openStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the web UI's resource " + resource + " from " + url, e);
        }
        Asset asset = new Asset(bytes, etag(bytes), contentType(resource));
        cache.put(resource, asset);
        return Optional.of(asset);
    }

    /** Whether the resource is a file, not a folder (a folder's URL opens as a listing or as nothing). */
    private static boolean isFile(URL url) {
        try {
            return switch (url.getProtocol()) {
                case "file" -> Files.isRegularFile(Path.of(url.toURI()));
                case "jar" -> {
                    JarURLConnection jar = (JarURLConnection) url.openConnection();
                    jar.setUseCaches(true);
                    JarEntry entry = jar.getJarEntry();
                    yield entry != null && !entry.isDirectory();
                }
                default -> false;
            };
        } catch (IOException | URISyntaxException e) {
            return false;
        }
    }

    private static String contentType(String resource) {
        int dot = resource.lastIndexOf('.');
        String ext = dot < 0 ? "" : resource.substring(dot + 1);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static void notFound(Context ctx) {
        ctx.status(404).contentType("text/plain;charset=utf-8").result("Not found: " + ctx.path()
                + ". The web UI is at /.");
    }
}
