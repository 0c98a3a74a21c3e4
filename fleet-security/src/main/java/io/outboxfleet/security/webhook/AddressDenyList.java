package io.outboxfleet.security.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;

/**
 * The addresses the fleet never sends a webhook to, as CIDR ranges: everything that is not a public
 * unicast address someone else runs. IPv6 forms that embed an IPv4 address (mapped, compatible,
 * NAT64, 6to4, Teredo) are denied outright: they may reach a private IPv4 through a translator.
 */
public final class AddressDenyList {

    /** IPv4 ranges, with why. */
    static final List<Range> IPV4 =
            List.of(
                    Range.of("0.0.0.0/8", "unspecified / this network"),
                    Range.of("10.0.0.0/8", "private"),
                    Range.of("100.64.0.0/10", "carrier-grade NAT"),
                    Range.of("127.0.0.0/8", "loopback"),
                    Range.of("169.254.0.0/16", "link-local (cloud metadata)"),
                    Range.of("172.16.0.0/12", "private"),
                    Range.of("192.0.0.0/24", "IETF protocol assignments"),
                    Range.of("192.168.0.0/16", "private"),
                    Range.of("198.18.0.0/15", "benchmarking"),
                    Range.of("224.0.0.0/4", "multicast"),
                    Range.of("240.0.0.0/4", "reserved and broadcast"));

    /** IPv6 ranges, with why. */
    static final List<Range> IPV6 =
            List.of(
                    Range.of("::/96", "unspecified, loopback, IPv4-compatible"),
                    Range.of("::ffff:0:0/96", "IPv4-mapped"),
                    Range.of("64:ff9b::/96", "NAT64"),
                    Range.of("64:ff9b:1::/48", "local NAT64"),
                    Range.of("100::/64", "discard"),
                    Range.of("2001::/32", "Teredo"),
                    Range.of("2002::/16", "6to4"),
                    Range.of("fc00::/7", "unique-local"),
                    Range.of("fe80::/10", "link-local"),
                    Range.of("fec0::/10", "site-local"),
                    Range.of("ff00::/8", "multicast"));

    private AddressDenyList() {}

    /** True when the fleet must not connect to {@code address}. */
    public static boolean denies(InetAddress address) {
        return why(address) != null;
    }

    /** The kind of denied range {@code address} is in, or null when it may be called. */
    public static String why(InetAddress address) {
        List<Range> ranges = address instanceof Inet4Address ? IPV4 : IPV6;
        byte[] bytes = address.getAddress();
        for (Range range : ranges) {
            if (range.contains(bytes)) {
                return range.why();
            }
        }
        if (address instanceof Inet6Address v6 && v6.getScopeId() != 0) {
            return "scoped IPv6";
        }
        return null;
    }

    /** A CIDR range. */
    record Range(byte[] network, int prefix, String why) {

        static Range of(String cidr, String why) {
            int slash = cidr.indexOf('/');
            try {
                byte[] network = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                if (cidr.startsWith("::ffff:")) {
                    // Java turns an IPv4-mapped literal into an Inet4Address; keep the v6 form
                    network = new byte[16];
                    network[10] = (byte) 0xff;
                    network[11] = (byte) 0xff;
                }
                return new Range(network, Integer.parseInt(cidr.substring(slash + 1)), why);
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
