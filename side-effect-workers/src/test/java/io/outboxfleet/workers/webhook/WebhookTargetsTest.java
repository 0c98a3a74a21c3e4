package io.outboxfleet.workers.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.outboxfleet.workers.effect.EffectFailure;
import org.junit.jupiter.api.Test;

class WebhookTargetsTest {

    @Test
    void refusesPrivateAddressesUnlessAllowed() {
        for (String url :
                new String[] {
                    "http://127.0.0.1:9/x",
                    "http://10.1.2.3/",
                    "http://192.168.0.1/",
                    "http://169.254.169.254/latest/meta-data",
                    "http://[::1]/",
                    "http://172.16.0.1/",
                    "http://100.64.0.1/",
                    "http://[fc00::1]/",
                    "http://[fe80::1]/",
                    "http://224.0.0.1/",
                    "http://0.0.0.0/",
                    "http://[64:ff9b::7f00:1]/",
                    "http://[2002:7f00:1::]/"
                }) {
            String host = new WebhookTargets(false).check(url).getHost();
            assertThatThrownBy(() -> new WebhookTargets(false).resolve(host))
                    .as(url)
                    .isInstanceOf(EffectFailure.Permanent.class)
                    .hasMessageStartingWith("endpoint host");
            assertThat(new WebhookTargets(true).check(url).toString()).isEqualTo(url);
            assertThat(new WebhookTargets(true).resolve(host)).as(url).hasSize(1);
        }
    }

    @Test
    void refusesNonCanonicalHostsEvenWhenPrivateTargetsAreAllowed() {
        for (String url :
                new String[] {
                    "http://0177.0.0.1/",
                    "http://0x7f000001/",
                    "http://2130706433/",
                    "http://localhost./"
                }) {
            assertThatThrownBy(() -> new WebhookTargets(true).check(url))
                    .as(url)
                    .isInstanceOf(EffectFailure.Permanent.class);
        }
    }

    @Test
    void refusesWhatIsNotHttp() {
        assertThatThrownBy(() -> new WebhookTargets(true).check("file:///etc/passwd"))
                .isInstanceOf(EffectFailure.Permanent.class);
        assertThatThrownBy(() -> new WebhookTargets(true).check("not a url"))
                .isInstanceOf(EffectFailure.Permanent.class);
    }

    @Test
    void acceptsAPublicAddress() {
        assertThat(new WebhookTargets(false).check("https://93.184.215.14/hooks").getHost())
                .isEqualTo("93.184.215.14");
        assertThat(new WebhookTargets(false).resolve("93.184.215.14"))
                .extracting(java.net.InetAddress::getHostAddress)
                .containsExactly("93.184.215.14");
    }
}
