package io.outboxfleet.security.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetPolicyTest {

    private final WebhookTargetPolicy production = WebhookTargetPolicy.of(false);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://0177.0.0.1/",
                "http://0x7f000001/",
                "http://0x7f.0.0.1/",
                "http://2130706433/",
                "http://127.1/",
                "http://127.0.0.01/",
                "http://256.1.1.1/",
                "http://localhost./",
                "http://hooks.example.com./",
                "http://hooks.example.123/",
                "http://hooks.0x10/",
                "http://-bad.example.com/"
            })
    void nonCanonicalHostsAreRefusedEvenWhenPrivateTargetsAreAllowed(String url) {
        assertThat(WebhookTargetPolicy.nonCanonical(URI.create(url))).as(url).isPresent();
        assertThat(WebhookTargetPolicy.of(true).refusal(URI.create(url))).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://hooks.example.com/fleet",
                "https://Hooks.Example.COM/x",
                "http://203.0.113.7:9999/hook",
                "http://8.8.8.8/",
                "http://[2606:4700::1111]/",
                "http://0.example.com/"
            })
    void canonicalHostsPass(String url) {
        assertThat(WebhookTargetPolicy.nonCanonical(URI.create(url))).as(url).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.1.2.3",
                "172.31.255.255",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "100.127.255.254",
                "0.0.0.0",
                "224.0.0.1",
                "255.255.255.255",
                "198.18.0.1",
                "::",
                "::1",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "ff02::1",
                "64:ff9b::7f00:1",
                "64:ff9b::a00:1",
                "2002:7f00:1::",
                "2001:0:4136:e378::1",
                "::ffff:127.0.0.1",
                "::127.0.0.1"
            })
    void deniedAddresses(String literal) throws Exception {
        assertThat(AddressDenyList.denies(InetAddress.getByName(literal))).as(literal).isTrue();
        assertThat(production.refusal(URI.create("http://" + bracket(literal) + "/")))
                .as(literal)
                .isPresent();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8.8.8.8",
                "203.0.113.7",
                "100.128.0.1",
                "172.32.0.1",
                "2606:4700::1111",
                "2a00:1450::1"
            })
    void publicAddressesPass(String literal) throws Exception {
        assertThat(AddressDenyList.denies(InetAddress.getByName(literal))).as(literal).isFalse();
    }

    @Test
    void localhostIsRefusedByNameAndByAddress() {
        assertThat(production.refusal(URI.create("http://localhost:8080/"))).isPresent();
        assertThat(production.refusal(URI.create("http://api.localhost/"))).isPresent();
        assertThatThrownBy(() -> production.resolve("localhost"))
                .isInstanceOf(WebhookTargetPolicy.DeniedTargetException.class);
    }

    @Test
    void resolveReturnsTheCheckedAddressesToConnectTo() throws Exception {
        assertThat(production.resolve("203.0.113.7"))
                .containsExactly(InetAddress.getByName("203.0.113.7"));
        assertThatThrownBy(() -> production.resolve("127.0.0.1"))
                .isInstanceOf(WebhookTargetPolicy.DeniedTargetException.class);
        assertThatThrownBy(() -> production.resolve("0177.0.0.1"))
                .isInstanceOf(WebhookTargetPolicy.DeniedTargetException.class);
        assertThat(WebhookTargetPolicy.of(true).resolve("127.0.0.1"))
                .containsExactly(InetAddress.getByName("127.0.0.1"));
    }

    @Test
    void resolveChecksEveryAddressOfTheOneLookupItIsGiven() throws Exception {
        InetAddress publicOne = InetAddress.getByName("203.0.113.7");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        AtomicInteger lookups = new AtomicInteger();
        WebhookTargetPolicy.Lookup answers =
                host -> {
                    lookups.incrementAndGet();
                    return new InetAddress[] {publicOne, loopback};
                };

        assertThatThrownBy(() -> production.resolve("hooks.example.com", answers))
                .isInstanceOf(WebhookTargetPolicy.DeniedTargetException.class)
                .hasMessageContaining("resolves to the denied address 127.0.0.1");
        assertThat(WebhookTargetPolicy.of(true).resolve("hooks.example.com", answers))
                .containsExactly(publicOne, loopback);
        assertThat(lookups).hasValue(2);
    }

    private static String bracket(String literal) {
        return literal.indexOf(':') >= 0 ? "[" + literal + "]" : literal;
    }
}
