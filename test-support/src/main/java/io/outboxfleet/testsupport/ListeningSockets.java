package io.outboxfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The addresses TCP sockets listen on for a port, as the kernel tells them (Linux {@code
 * /proc/net/tcp} and {@code tcp6}): what a service really bound, whatever its configuration says.
 * An IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}, how Java binds 127.0.0.1 on a dual-stack
 * host) is returned as the IPv4 address.
 */
public final class ListeningSockets {

    private static final String LISTEN = "0A";

    private ListeningSockets() {}

    /** True where the kernel's tables can be read (Linux). */
    public static boolean available() {
        return Files.isReadable(Path.of("/proc/net/tcp"));
    }

    /** Every local address a socket listens on at {@code port}, over IPv4 and IPv6. */
    public static List<InetAddress> addresses(int port) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(table);
            if (!Files.isReadable(path)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(path)) {
                    String[] columns = line.strip().split("\\s+");
                    if (columns.length < 4 || !LISTEN.equals(columns[3])) {
                        continue;
                    }
                    String[] local = columns[1].split(":");
                    if (local.length == 2 && Integer.parseInt(local[1], 16) == port) {
                        addresses.add(address(local[0]));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return addresses;
    }

    /** The kernel writes each 32-bit word of the address in host byte order. */
    private static InetAddress address(String hex) {
        byte[] kernel = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        byte[] network = kernel.clone();
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word < kernel.length; word += 4) {
                for (int i = 0; i < 4; i++) {
                    network[word + i] = kernel[word + 3 - i];
                }
            }
        }
        try {
            // an IPv4-mapped IPv6 address comes back as the Inet4Address
            return InetAddress.getByAddress(network);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("not an address: " + hex, e);
        }
    }
}
