package io.outboxfleet.security.token;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The fleet's bearer tokens (docs/contract.md section 3), verified the same way by every service:
 * HS256 with FLEET_JWT_SECRET only (other algorithms, {@code alg=none} included, are refused);
 * {@code exp} required and not past, {@code nbf} honoured (60 s clock skew); {@code sub} a
 * non-blank string (the JOSE library reads a numeric {@code sub} as its decimal text, RFC 7519's
 * StringOrURI). A token failing any of these is a 401.
 *
 * <p>{@code roles} grants a role only as a JSON array of the known role names ({@link #ROLES}); a
 * single string (for example {@code "customer admin ops"}), another type, or an unknown name grants
 * nothing, so such a token is authenticated but forbidden (403) wherever a role is needed.
 */
public final class FleetTokens {

    /** The role names the fleet knows. */
    public static final String CUSTOMER = "customer";

    public static final String ADMIN = "admin";
    public static final String OPS = "ops";
    public static final Set<String> ROLES = Set.of(CUSTOMER, ADMIN, OPS);

    /** Prefix of the authorities made from roles ({@code ROLE_admin}), as Spring expects. */
    public static final String ROLE_PREFIX = "ROLE_";

    /** Name of the claim that carries the roles. */
    public static final String ROLES_CLAIM = "roles";

    private FleetTokens() {}

    /** Decodes and validates bearer tokens signed with {@code secret} (HS256). */
    public static JwtDecoder decoder(byte[] secret) {
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret, "HmacSHA256"))
                        .macAlgorithm(MacAlgorithm.HS256)
                        .build();
        decoder.setJwtValidator(validator());
        return decoder;
    }

    /**
     * What every accepted token satisfies: the default time checks ({@code exp}, {@code nbf}),
     * {@code exp} present (the default accepts a token without it, which never expires), {@code
     * sub} a non-blank string.
     */
    public static OAuth2TokenValidator<Jwt> validator() {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(), FleetTokens::requiredClaims);
    }

    private static OAuth2TokenValidatorResult requiredClaims(Jwt jwt) {
        Map<String, Object> claims = jwt.getClaims();
        List<OAuth2Error> errors = new ArrayList<>();
        if (claims.get(JwtClaimNames.EXP) == null) {
            errors.add(invalid("the token has no exp"));
        }
        if (!(claims.get(JwtClaimNames.SUB) instanceof String sub) || sub.isBlank()) {
            errors.add(invalid("the token has no sub"));
        }
        return errors.isEmpty()
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(errors);
    }

    private static OAuth2Error invalid(String description) {
        return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
    }

    /**
     * Turns a validated token into the authentication of the request: its name is {@code sub}, its
     * authorities {@code ROLE_<role>} for each known role of the {@code roles} array.
     */
    public static Converter<Jwt, AbstractAuthenticationToken> authentication() {
        return jwt -> new JwtAuthenticationToken(jwt, authorities(jwt), jwt.getSubject());
    }

    /** The known roles of the token's {@code roles} array, without prefix. */
    public static Set<String> roles(Jwt jwt) {
        if (!(jwt.getClaims().get(ROLES_CLAIM) instanceof Collection<?> values)) {
            return Set.of();
        }
        return values.stream()
                .filter(String.class::isInstance)
                .map(String.class::cast)
                .filter(ROLES::contains)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    private static Collection<GrantedAuthority> authorities(Jwt jwt) {
        return roles(jwt).stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority(ROLE_PREFIX + role))
                .toList();
    }
}
