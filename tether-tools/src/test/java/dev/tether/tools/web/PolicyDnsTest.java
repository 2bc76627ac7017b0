package dev.tether.tools.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tether.tools.web.NetworkFakes.FakeResolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyDnsTest {
    final FakeResolver resolver = new FakeResolver()
            .map("public.test", "93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c")
            .map("mixed.test", "93.184.215.14", "10.0.0.5")
            .map("metadata.test", "::ffff:169.254.169.254");
    final PolicyDns dns = new PolicyDns(resolver, AddressPolicy.publicOnly());

    @Test
    void returnsExactlyTheCheckedAddresses() throws UnknownHostException {
        assertThat(dns.lookup("public.test")).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c");
    }

    @Test
    void oneRefusedAddressRefusesTheHost() {
        assertThatThrownBy(() -> dns.lookup("mixed.test")).isInstanceOf(RefusedAddressException.class)
                .hasMessage("host 'mixed.test' resolves to 10.0.0.5, which is private (10.0.0.0/8)");
        assertThatThrownBy(() -> dns.lookup("metadata.test")).isInstanceOf(RefusedAddressException.class)
                .hasMessageContaining("169.254.169.254, which is link-local");
    }

    @Test
    void asksTheResolverOncePerLookup() throws UnknownHostException {
        resolver.rebinding("rebind.test", "93.184.215.14", "127.0.0.1");
        assertThat(dns.lookup("rebind.test")).extracting(InetAddress::getHostAddress).containsExactly("93.184.215.14");
        assertThat(resolver.asked).containsExactly("rebind.test");
        assertThatThrownBy(() -> dns.lookup("rebind.test")).isInstanceOf(RefusedAddressException.class);
    }

    @Test
    void unknownAndEmptyNamesAreUnknownHosts() {
        assertThatThrownBy(() -> dns.lookup("nowhere.test")).isInstanceOf(UnknownHostException.class)
                .isNotInstanceOf(RefusedAddressException.class);
        PolicyDns empty = new PolicyDns(host -> List.of(), AddressPolicy.publicOnly());
        assertThatThrownBy(() -> empty.lookup("empty.test")).isInstanceOf(UnknownHostException.class)
                .hasMessageContaining("resolved to no address");
    }
}
