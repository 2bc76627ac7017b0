package dev.tether.ui;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One headless Debian Chromium for all browser tests in this JVM (launching costs about a second; each test
 * gets its own fresh context, so nothing leaks between tests). Playwright never downloads a browser here:
 * the machines have no network but the package registries.
 */
final class Browsers {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static Playwright playwright;
    private static Browser browser;

    private Browsers() {
    }

    static synchronized Browser chromium() {
        if (browser == null) {
            if (!Files.isExecutable(CHROMIUM)) {
                throw new IllegalStateException("Browser tests need Debian's Chromium at " + CHROMIUM
                        + ". Install it with 'apt-get install -y chromium'.");
            }
            playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic")));
            Runtime.getRuntime().addShutdownHook(new Thread(Browsers::close, "close-chromium"));
        }
        return browser;
    }

    private static synchronized void close() {
        if (playwright != null) {
            playwright.close();
            playwright = null;
            browser = null;
        }
    }
}
