package dev.tether.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The sign-in address printed by {@code tether token create}. */
class TokenCreateCommandTest {
    @Test
    void theConfiguredHostAndPortMakeTheWebAddress() {
        assertThat(TokenCreateCommand.baseUrl("127.0.0.1", 8787)).isEqualTo("http://127.0.0.1:8787");
        assertThat(TokenCreateCommand.baseUrl("chat.example.org", 443)).isEqualTo("http://chat.example.org:443");
    }

    @Test
    void aWildcardHostBecomesAPlaceholderBecauseClientsCannotConnectToIt() {
        for (String any : new String[] {"0.0.0.0", "::", "[::]", ""}) {
            assertThat(TokenCreateCommand.baseUrl(any, 8787)).isEqualTo("http://<this-server's-address>:8787");
        }
    }

    @Test
    void ipv6AddressesAreBracketedAndARandomPortIsAPlaceholder() {
        assertThat(TokenCreateCommand.baseUrl("::1", 8787)).isEqualTo("http://[::1]:8787");
        assertThat(TokenCreateCommand.baseUrl("localhost", 0)).isEqualTo("http://localhost:<port>");
    }
}
