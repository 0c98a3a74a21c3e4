package io.outboxfleet.command.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Bearer tokens as the fleet's tooling mints them: HS256, sub, email, roles, exp. */
public final class Tokens {

    /** The FLEET_JWT_SECRET of the tests. */
    public static final String SECRET = "test-secret-of-the-command-service-its";

    private Tokens() {}

    /** A valid token for {@code sub} with the given roles, good for an hour. */
    public static String of(String sub, String... roles) {
        return sign(SECRET, sub, Instant.now().plus(Duration.ofHours(1)), roles);
    }

    /** A token that expired ten minutes ago (beyond the decoder's clock skew). */
    public static String expired(String sub, String... roles) {
        return sign(SECRET, sub, Instant.now().minus(Duration.ofMinutes(10)), roles);
    }

    /** A well-formed token signed with another key. */
    public static String signedWithOtherKey(String sub, String... roles) {
        return sign(
                "another-secret-another-secret-another",
                sub,
                Instant.now().plus(Duration.ofHours(1)),
                roles);
    }

    /** A token with exactly these claims (none added), signed with the tests' key. */
    public static String withClaims(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** The {@code email} claim of a token, the address its orders must name. */
    public static String emailOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet().getStringClaim("email");
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Claims good for an hour, to change before {@link #withClaims}. */
    public static JWTClaimsSet.Builder claims() {
        return new JWTClaimsSet.Builder()
                .expirationTime(Date.from(Instant.now().plus(Duration.ofHours(1))));
    }

    private static String sign(String secret, String sub, Instant expiry, String... roles) {
        JWTClaimsSet claims =
                new JWTClaimsSet.Builder()
                        .subject(sub)
                        .claim("email", sub + "@example.com")
                        .claim("roles", List.of(roles))
                        .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                        .expirationTime(Date.from(expiry))
                        .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
