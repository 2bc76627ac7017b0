package dev.tether.tools.web;

import static dev.tether.tools.web.NetworkFakes.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {

    @ParameterizedTest
    @CsvSource({"::1, ::1", "::, ::", "fe80::1, fe80::1", "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1", "fd00:ec2::254, fd00:ec2::254", "1:0:0:0:0:0:0:0, 1::",
        "10.0.0.1, 10.0.0.1"})
    void formatsLikeRfc5952(String literal, String shown) {
        assertThat(Addresses.show(ip(literal.contains(":") ? "[" + literal + "]" : literal))).isEqualTo(shown);
    }
}
