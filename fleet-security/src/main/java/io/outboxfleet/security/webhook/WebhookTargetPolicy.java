package io.outboxfleet.security.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the fleet may send a webhook (SSRF guard), one policy for registration (command-service)
 * and delivery (side-effect-workers).
 *
 * <ol>
 *   <li>The host must be written canonically ({@link #nonCanonical}): a lower-or-upper-case DNS
 *       name without trailing dot, a dotted-quad IPv4 of decimal octets without leading zeros, or a
 *       bracketed IPv6 literal. Octal ({@code 0177.0.0.1}), hex ({@code 0x7f000001}), integer
 *       ({@code 2130706433}) and short ({@code 127.1}) IPv4 forms are refused: Java and glibc read
 *       them differently, so the address checked would not be the address connected to.
 *   <li>No address the host resolves to may be {@link AddressDenyList denied} (loopback, private,
 *       link-local, CGNAT, unique-local, NAT64, 6to4, Teredo, multicast, unspecified, reserved),
 *       unless private targets are allowed (local stack and tests).
 * </ol>
 *
 * <p>At delivery, {@link #resolve} is the one DNS lookup: connect to one of the addresses it
 * returns (and to no other), with the URL's host name as {@code Host} and TLS SNI, so that a DNS
 * answer changing between check and connect (rebinding) cannot reach a denied address.
 */
public final class WebhookTargetPolicy {

    private static final Pattern DOTTED_QUAD =
            Pattern.compile(
                    "(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})\\.(0|[1-9][0-9]{0,2})");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern NUMBER_LIKE = Pattern.compile("(0x[0-9a-f]*|[0-9]+)");

    private final boolean allowPrivate;

    private WebhookTargetPolicy(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** The policy of FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS: false in production. */
    public static WebhookTargetPolicy of(boolean allowPrivateTargets) {
        return new WebhookTargetPolicy(allowPrivateTargets);
    }

    public boolean allowsPrivateTargets() {
        return allowPrivate;
    }

    /**
     * Why the URL's host is not written canonically, or empty when it is. Checked whatever {@link
     * #allowsPrivateTargets()} says.
     */
    public static Optional<String> nonCanonical(URI url) {
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("has no host");
        }
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.startsWith("[")) {
            return lower.endsWith("]") && lower.indexOf(':') > 0
                    ? Optional.empty()
                    : Optional.of("has a malformed IPv6 literal");
        }
        if (lower.endsWith(".")) {
            return Optional.of("ends with a dot");
        }
        if (lower.length() > 253) {
            return Optional.of("is longer than 253 characters");
        }
        String[] labels = lower.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("is not a DNS name, a dotted-quad IPv4 or a bracketed IPv6");
            }
            numeric &= NUMBER_LIKE.matcher(label).matches();
        }
        if (numeric) {
            if (!DOTTED_QUAD.matcher(lower).matches() || !octetsInRange(lower)) {
                return Optional.of(
                        "is an IPv4 address not written as four decimal octets (octal, hex,"
                                + " integer or short forms are refused)");
            }
            return Optional.empty();
        }
        if (NUMBER_LIKE.matcher(labels[labels.length - 1]).matches()) {
            return Optional.of("ends with a numeric label");
        }
        return Optional.empty();
    }

    /**
     * Registration: the host is canonical, and none of its current addresses is denied. A host that
     * does not resolve now is accepted (delivery checks again).
     *
     * @return why the URL is refused, or empty
     */
    public Optional<String> refusal(URI url) {
        Optional<String> form = nonCanonical(url);
        if (form.isPresent()) {
            return form.map(reason -> "host " + reason);
        }
        if (allowPrivate) {
            return Optional.empty();
        }
        String host = bare(url.getHost());
        if (isLocalName(host)) {
            return Optional.of("host " + host + " is a local name");
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (AddressDenyList.denies(address)) {
                    return Optional.of(
                            "host " + host + " is the denied address " + address.getHostAddress());
                }
            }
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * Delivery: the one DNS lookup of {@code host}; every address is checked, and the caller must
     * connect only to one of those returned.
     *
     * @throws DeniedTargetException when the host is not canonical or any address is denied
     *     (permanent: the endpoint points somewhere the fleet never calls)
     * @throws UnknownHostException when it does not resolve (retryable)
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        return resolve(host, InetAddress::getAllByName);
    }

    /**
     * {@link #resolve(String)} with the DNS lookup done by {@code lookup}: called once, and every
     * address it answers is checked.
     */
    public List<InetAddress> resolve(String host, Lookup lookup) throws UnknownHostException {
        String bare = bare(host);
        Optional<String> form = nonCanonical(URI.create("http://" + hostForUri(bare) + "/"));
        if (form.isPresent()) {
            throw new DeniedTargetException("host " + form.get());
        }
        InetAddress[] addresses = lookup.addresses(bare);
        if (!allowPrivate) {
            if (isLocalName(bare)) {
                throw new DeniedTargetException("host " + bare + " is a local name");
            }
            for (InetAddress address : addresses) {
                if (AddressDenyList.denies(address)) {
                    throw new DeniedTargetException(
                            "host "
                                    + bare
                                    + " resolves to the denied address "
                                    + address.getHostAddress()
                                    + " (FLEET_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true allows it)");
                }
            }
        }
        return List.of(addresses);
    }

    /** A DNS lookup: the system's ({@link InetAddress#getAllByName}) or a test's. */
    @FunctionalInterface
    public interface Lookup {
        /**
         * @throws UnknownHostException when the host has no address
         */
        InetAddress[] addresses(String host) throws UnknownHostException;
    }

    /** The host is a denied target (never retried). */
    public static final class DeniedTargetException extends RuntimeException {
        public DeniedTargetException(String message) {
            super(message);
        }
    }

    private static boolean isLocalName(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.equals("localhost") || lower.endsWith(".localhost");
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1)
                : host;
    }

    private static String hostForUri(String bare) {
        return bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare;
    }

    private static boolean octetsInRange(String quad) {
        for (String octet : quad.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return true;
    }
}
