package dev.tether.tools.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tools.ToolFailureException;
import org.junit.jupiter.api.Test;

class TargetUrlTest {

    @Test
    void splitsUrlAndRebuildsItForOkHttpFromTheCheckedParts() {
        TargetUrl url = TargetUrl.parse("https://Example.COM:8443/a%20b/c?q=1&r=2#frag");
        assertThat(url.secure()).isTrue();
        assertThat(url.host()).isEqualTo("example.com");
        assertThat(url.port()).isEqualTo(8443);
        assertThat(url.authority()).isEqualTo("example.com:8443");
        assertThat(url.uri().toString()).isEqualTo("https://Example.COM:8443/a%20b/c?q=1&r=2");
        assertThat(url.httpUrl(url.host()).toString()).isEqualTo("https://example.com:8443/a%20b/c?q=1&r=2");
    }

    @Test
    void defaultPortIsLeftOutAndPathDefaultsToSlash() {
        TargetUrl url = TargetUrl.parse("http://example.com");
        assertThat(url.port()).isEqualTo(80);
        assertThat(url.authority()).isEqualTo("example.com");
        assertThat(url.httpUrl(url.host()).toString()).isEqualTo("http://example.com/");
    }

    @Test
    void literalHostIsReplacedByTheCheckedAddress() {
        TargetUrl url = TargetUrl.parse("http://0x7f.1:8080/x");
        assertThat(url.httpUrl("127.0.0.1").toString()).isEqualTo("http://127.0.0.1:8080/x");
        assertThat(TargetUrl.parse("http://[::1]/").httpUrl("::1").host()).isEqualTo("::1");
    }

    @Test
    void internationalHostBecomesPunycode() {
        assertThat(TargetUrl.parse("http://bücher.de/").host()).isEqualTo("xn--bcher-kva.de");
    }

    @Test
    void resolvesRelativeRedirects() {
        TargetUrl base = TargetUrl.parse("http://example.com/dir/page");
        assertThat(base.redirect("other").uri().toString()).isEqualTo("http://example.com/dir/other");
        assertThat(base.redirect("//cdn.example.net/x").host()).isEqualTo("cdn.example.net");
    }

    @Test
    void refusesHeaderInjectionThroughTheHost() {
        assertThatThrownBy(() -> TargetUrl.parse("http://[::1%0d%0aX-Evil:%20yes]/"))
                .isInstanceOf(ToolFailureException.class);
        assertThatThrownBy(() -> TargetUrl.parse("http://exa%0d%0ample.com/"))
                .isInstanceOf(ToolFailureException.class);
    }
}
