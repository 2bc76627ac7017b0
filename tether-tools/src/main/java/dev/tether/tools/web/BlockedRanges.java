package dev.tether.tools.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The address ranges {@link AddressPolicy#publicOnly()} refuses, from the IANA special-purpose registries
 * (RFC 6890 and updates). IPv6 forms that carry an IPv4 address are judged by that IPv4 address.
 */
final class BlockedRanges {
    private record Range(byte[] prefix, int bits, String description) {
        boolean contains(byte[] address) {
            if (address.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, prefix, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (prefix[whole] & mask);
        }
    }

    private static final List<Range> IPV4 = List.of(
            range("0.0.0.0", 8, "unspecified or 'this network' (0.0.0.0/8)"),
            range("10.0.0.0", 8, "private (10.0.0.0/8)"),
            range("100.64.0.0", 10, "carrier-grade NAT (100.64.0.0/10)"),
            range("127.0.0.0", 8, "loopback (127.0.0.0/8)"),
            range("169.254.0.0", 16, "link-local, where cloud metadata lives (169.254.0.0/16)"),
            range("172.16.0.0", 12, "private (172.16.0.0/12)"),
            range("192.0.0.0", 24, "IETF protocol assignments (192.0.0.0/24)"),
            range("192.0.2.0", 24, "documentation (192.0.2.0/24)"),
            range("192.88.99.0", 24, "6to4 relay anycast (192.88.99.0/24)"),
            range("192.168.0.0", 16, "private (192.168.0.0/16)"),
            range("198.18.0.0", 15, "benchmarking (198.18.0.0/15)"),
            range("198.51.100.0", 24, "documentation (198.51.100.0/24)"),
            range("203.0.113.0", 24, "documentation (203.0.113.0/24)"),
            range("224.0.0.0", 4, "multicast (224.0.0.0/4)"),
            range("240.0.0.0", 4, "reserved or broadcast (240.0.0.0/4)"));

    private static final List<Range> IPV6 = List.of(
            range("::", 128, "unspecified (::)"),
            range("::1", 128, "loopback (::1)"),
            range("64:ff9b:1::", 48, "local-use NAT64 (64:ff9b:1::/48)"),
            range("100::", 64, "discard-only (100::/64)"),
            range("2001::", 32, "Teredo tunnel (2001::/32)"),
            range("2001:db8::", 32, "documentation (2001:db8::/32)"),
            range("fc00::", 7, "unique-local (fc00::/7)"),
            range("fe80::", 10, "link-local (fe80::/10)"),
            range("fec0::", 10, "site-local (fec0::/10)"),
            range("ff00::", 8, "multicast (ff00::/8)"));

    private static final Range MAPPED = range("::ffff:0:0", 96, "IPv4-mapped");
    private static final Range COMPATIBLE = range("::", 96, "IPv4-compatible");
    private static final Range NAT64 = range("64:ff9b::", 96, "NAT64");
    private static final Range SIX_TO_FOUR = range("2002::", 16, "6to4");

    private BlockedRanges() {
    }

    static Optional<String> refusal(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return first(IPV4, bytes);
        }
        Optional<String> direct = first(IPV6, bytes);
        if (direct.isPresent()) {
            return direct;
        }
        for (Range embedding : List.of(MAPPED, COMPATIBLE, NAT64)) {
            if (embedding.contains(bytes)) {
                return embedded(embedding, Arrays.copyOfRange(bytes, 12, 16));
            }
        }
        if (SIX_TO_FOUR.contains(bytes)) {
            return embedded(SIX_TO_FOUR, Arrays.copyOfRange(bytes, 2, 6));
        }
        return Optional.empty();
    }

    private static Optional<String> embedded(Range embedding, byte[] ipv4) {
        return first(IPV4, ipv4).map(why -> embedding.description() + " IPv6 form of " + ipv4(ipv4) + ", " + why);
    }

    private static Optional<String> first(List<Range> ranges, byte[] bytes) {
        return ranges.stream().filter(r -> r.contains(bytes)).map(Range::description).findFirst();
    }

    private static String ipv4(byte[] b) {
        return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
    }

    private static Range range(String literal, int bits, String description) {
        try {
            InetAddress parsed = InetAddress.getByName(literal.contains(":") ? "[" + literal + "]" : literal);
            byte[] bytes = parsed.getAddress();
            if (literal.contains(":") && bytes.length == 4) { // the JDK turns ::ffff:a.b.c.d into IPv4
                bytes = new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff,
                    bytes[0], bytes[1], bytes[2], bytes[3]};
            }
            return new Range(bytes, bits, description);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("Bad range literal in BlockedRanges: " + literal, e);
        }
    }
}
