package io.outboxfleet.security.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SecretBoxTest {

    private final String k1 = SecretBox.newKey("k1");
    private final String k2 = SecretBox.newKey("k2");

    @Test
    void aSealedSecretOpensAndHoldsNothingReadable() {
        SecretBox box = SecretBox.of(k1);

        String sealed = box.seal("whsec_c2VjcmV0");

        assertThat(sealed)
                .startsWith("sbx1:k1:")
                .doesNotContain("whsec")
                .doesNotContain("c2VjcmV0");
        assertThat(box.open(sealed)).isEqualTo("whsec_c2VjcmV0");
        assertThat(box.seal("whsec_c2VjcmV0")).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void rotationOpensOldValuesAndSealsWithTheNewKey() {
        String old = SecretBox.of(k1).seal("s");
        SecretBox rotated = SecretBox.of(k2 + "," + k1);

        assertThat(rotated.open(old)).isEqualTo("s");
        assertThat(rotated.isSealedWithCurrentKey(old)).isFalse();
        assertThat(rotated.isSealedWithCurrentKey(rotated.seal("s"))).isTrue();
        assertThatThrownBy(() -> SecretBox.of(k2).open(old))
                .isInstanceOf(SecretBox.SecretBoxException.class)
                .hasMessageContaining("k1");
    }

    @Test
    void anAlteredValueOrSwappedKeyIdDoesNotOpen() {
        SecretBox box = SecretBox.of(k1 + "," + k2);
        String sealed = box.seal("s");
        char last = sealed.charAt(sealed.length() - 2);
        String altered =
                sealed.substring(0, sealed.length() - 2)
                        + (last == 'A' ? 'B' : 'A')
                        + sealed.charAt(sealed.length() - 1);

        assertThatThrownBy(() -> box.open(altered))
                .isInstanceOf(SecretBox.SecretBoxException.class);
        assertThatThrownBy(() -> box.open(sealed.replace("sbx1:k1:", "sbx1:k2:")))
                .isInstanceOf(SecretBox.SecretBoxException.class);
        assertThatThrownBy(() -> box.open("plain"))
                .isInstanceOf(SecretBox.SecretBoxException.class);
        assertThat(box.openOrLegacy("plain")).isEqualTo("plain");
    }

    @Test
    void badKeysAreRefusedWithoutQuotingThem() {
        assertThatThrownBy(() -> SecretBox.of("")).hasMessageContaining("not set");
        assertThatThrownBy(() -> SecretBox.of("k1:c2hvcnQ=")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretBox.of("no-colon")).hasMessageContaining("<id>:<base64>");
        assertThatThrownBy(() -> SecretBox.of(k1 + "," + k1)).hasMessageContaining("twice");
    }
}
