package dev.tether.tools.web;

import static dev.tether.tools.web.NetworkFakes.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "192.169.0.1",
        "2606:4700:4700::1111", "2a00:1450:4001::200e", "2002:5db8:d70e::", "64:ff9b::808:808"})
    void publicAddressesAreAllowed(String address) {
        assertThat(AddressPolicy.publicOnly().refusal(ip(address))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "10.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1",
        "127.255.255.254", "169.254.169.254", "172.16.0.0", "172.31.255.255", "192.0.0.170", "192.168.0.1",
        "198.18.0.1", "224.0.0.251", "239.255.255.250", "255.255.255.255", "::", "::1", "fe80::1", "febf::1",
        "fc00::1", "fdff::1", "ff02::fb", "::ffff:10.0.0.1", "::10.0.0.1", "2002:a00:1::", "64:ff9b::7f00:1",
        "64:ff9b:1::1", "2001::1", "2001:db8::1", "fec0::1"})
    void nonPublicAddressesAreRefused(String address) {
        assertThat(AddressPolicy.publicOnly().refusal(ip(address))).isPresent();
    }

    @Test
    void refusalSaysWhy() {
        assertThat(AddressPolicy.publicOnly().refusal(ip("169.254.169.254")))
                .hasValue("link-local, where cloud metadata lives (169.254.0.0/16)");
        assertThat(AddressPolicy.publicOnly().refusal(ip("::ffff:7f00:1"))).hasValue("loopback (127.0.0.0/8)");
    }

    @Test
    void allowAllAllowsLoopback() {
        assertThat(AddressPolicy.allowAll().refusal(ip("127.0.0.1"))).isEmpty();
    }
}
