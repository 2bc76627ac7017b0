package dev.tether.tools.web;

import dev.tether.tools.ToolFailureException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses URL hosts that are IP addresses, locally and without DNS, the way browsers do (WHATWG URL
 * standard): IPv4 in the short, decimal, octal and hex forms ({@code 127.1}, {@code 2130706433},
 * {@code 0177.0.0.1}, {@code 0x7f000001}) and bracketed IPv6. A host whose last label is a number but which
 * is not a valid IPv4 address is refused rather than sent to DNS. IPv6 zone IDs are ignored.
 */
final class IpLiteral {
    private static final BigInteger MAX_PART = BigInteger.valueOf(0xffff_ffffL);

    private IpLiteral() {
    }

    /** The address {@code host} denotes, or empty when it is a name to resolve. */
    static Optional<InetAddress> parse(String host) {
        if (host.startsWith("[") && host.endsWith("]")) {
            return Optional.of(ipv6(host));
        }
        List<String> parts = Arrays.asList(host.split("\\.", -1));
        if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts = parts.subList(0, parts.size() - 1);
        }
        if (!isNumber(parts.get(parts.size() - 1))) {
            return Optional.empty();
        }
        return Optional.of(ipv4(host, parts));
    }

    private static InetAddress ipv6(String bracketed) {
        // A zone ID (fe80::1%eth0) does not change which range an address is in; it is dropped.
        String inner = bracketed.substring(1, bracketed.length() - 1).split("%", 2)[0];
        if (!inner.matches("[0-9a-fA-F:.]+")) {
            throw invalid(bracketed, "not an IPv6 address");
        }
        try {
            return InetAddress.getByName("[" + inner + "]"); // brackets: the JDK parses a literal, never looks up
        } catch (UnknownHostException e) {
            throw invalid(bracketed, "not an IPv6 address");
        }
    }

    private static InetAddress ipv4(String host, List<String> parts) {
        if (parts.size() > 4) {
            throw invalid(host, "more than four numeric parts");
        }
        long value = 0;
        for (int i = 0; i < parts.size(); i++) {
            BigInteger n = number(host, parts.get(i));
            boolean last = i == parts.size() - 1;
            long limit = last ? (1L << (8 * (5 - parts.size()))) - 1 : 255;
            if (n.compareTo(BigInteger.valueOf(limit)) > 0) {
                throw invalid(host, "part '" + parts.get(i) + "' is out of range");
            }
            value = last ? value + n.longValue() : value + (n.longValue() << (8 * (3 - i)));
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static boolean isNumber(String part) {
        if (part.matches("[0-9]+")) {
            return true;
        }
        return part.matches("0[xX][0-9a-fA-F]*");
    }

    private static BigInteger number(String host, String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            if (part.isEmpty()) {
                throw invalid(host, "empty part");
            }
            return BigInteger.ZERO;
        }
        try {
            BigInteger n = new BigInteger(digits, radix);
            return n.compareTo(MAX_PART) > 0 ? MAX_PART.add(BigInteger.ONE) : n;
        } catch (NumberFormatException e) {
            throw invalid(host, "part '" + part + "' is not a number");
        }
    }

    private static ToolFailureException invalid(String host, String why) {
        return new ToolFailureException("The URL host '" + host + "' is not a valid IP address (" + why + ")",
                "Use a host name such as 'example.com' or a plain address such as '93.184.215.14'.");
    }
}
