package io.outboxfleet.e2e;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/** Mints HS256 bearer tokens the way {@code ./fleet token} does (docs/contract.md section 3). */
final class DevTokens {

    static final String SECRET = "e2e-secret-e2e-secret-e2e-secret-0123456789";

    private static final NimbusJwtEncoder ENCODER =
            new NimbusJwtEncoder(
                    new ImmutableSecret<>(
                            new SecretKeySpec(
                                    SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));

    private DevTokens() {}

    static String token(String subject, String... roles) {
        Instant now = Instant.now();
        JwtClaimsSet claims =
                JwtClaimsSet.builder()
                        .subject(subject)
                        .claim("email", subject + "@example.com")
                        .claim("roles", List.of(roles))
                        .issuedAt(now)
                        .expiresAt(now.plusSeconds(3600))
                        .build();
        return ENCODER.encode(
                        JwtEncoderParameters.from(
                                JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }
}
