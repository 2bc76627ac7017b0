package dev.tether.tools.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tools.ToolFailureException;
import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "0x7f000001, 127.0.0.1", "2130706433, 127.0.0.1", "0177.0.0.1, 127.0.0.1",
        "127.1, 127.0.0.1", "0x7f.0.0.1, 127.0.0.1", "10.1, 10.0.0.1", "192.168.257, 192.168.1.1",
        "0, 0.0.0.0", "0x, 0.0.0.0", "1.2.3.4., 1.2.3.4", "[::1], 0:0:0:0:0:0:0:1", "[::ffff:10.0.0.1], 10.0.0.1"})
    void parsesBrowserIpv4FormsAndIpv6(String host, String expected) {
        assertThat(IpLiteral.parse(host)).map(InetAddress::getHostAddress).hasValue(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "public.test", "localhost", "1.2.3.example", "0x7f.example"})
    void namesAreLeftForTheResolver(String host) {
        assertThat(IpLiteral.parse(host)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3.4.5", "256.0.0.1", "1.2.3.256", "4294967296", "example.123", "08.0.0.1",
        "1..2", "[::g]", "[example.com]"})
    void invalidNumericHostsAreRefusedNotResolved(String host) {
        assertThatThrownBy(() -> IpLiteral.parse(host)).isInstanceOf(ToolFailureException.class)
                .hasMessageContaining("is not a valid IP address");
    }
}
