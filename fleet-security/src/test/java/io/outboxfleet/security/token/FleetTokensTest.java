package io.outboxfleet.security.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class FleetTokensTest {

    private static final byte[] KEY =
            "unit-test-key-of-at-least-thirty-two-bytes".getBytes(StandardCharsets.UTF_8);

    private final JwtDecoder decoder = FleetTokens.decoder(KEY);

    @Test
    void aWellFormedTokenGivesItsSubAndKnownRoles() {
        Jwt jwt = decoder.decode(sign(valid().claim("roles", List.of("customer", "ops", "root"))));

        var authentication = FleetTokens.authentication().convert(jwt);

        assertThat(authentication.getName()).isEqualTo("alice");
        assertThat(authentication.getAuthorities())
                .extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_customer", "ROLE_ops");
    }

    @Test
    void rolesAsOneStringOrWrongTypesGrantNothing() {
        for (Object roles :
                List.of("customer admin ops", 1, List.of(1, true), List.of("ROLE_admin"))) {
            Jwt jwt = decoder.decode(sign(valid().claim("roles", roles)));
            assertThat(FleetTokens.authentication().convert(jwt).getAuthorities())
                    .as("roles %s", roles)
                    .isEmpty();
        }
    }

    @Test
    void expIsRequired() {
        String forever = sign(new JWTClaimsSet.Builder().subject("alice"));
        assertThatThrownBy(() -> decoder.decode(forever)).isInstanceOf(JwtException.class);
    }

    @Test
    void aNonBlankStringSubIsRequired() {
        assertThatThrownBy(() -> decoder.decode(sign(valid().subject(null))))
                .isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(sign(valid().subject(" "))))
                .isInstanceOf(JwtException.class);
    }

    @Test
    void anExpiredTokenAnUnsignedOneAndAnotherKeyAreRefused() {
        String expired =
                sign(valid().expirationTime(new Date(System.currentTimeMillis() - 600_000)));
        String unsigned = new PlainJWT(valid().build()).serialize();
        String otherKey =
                sign(
                        valid(),
                        "another-key-another-key-another-key-xx".getBytes(StandardCharsets.UTF_8));

        for (String token : List.of(expired, unsigned, otherKey)) {
            assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        }
    }

    private static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder()
                .subject("alice")
                .expirationTime(new Date(System.currentTimeMillis() + 3_600_000));
    }

    private static String sign(JWTClaimsSet.Builder claims) {
        return sign(claims, KEY);
    }

    private static String sign(JWTClaimsSet.Builder claims, byte[] key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
            jwt.sign(new MACSigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
