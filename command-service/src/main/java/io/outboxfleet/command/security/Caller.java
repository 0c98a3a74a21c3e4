package io.outboxfleet.command.security;

import io.outboxfleet.security.token.FleetTokens;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The signed-in user of a request: the JWT {@code sub}, the known roles of its {@code roles} claim
 * and its {@code email} claim.
 *
 * @param id the JWT subject
 * @param roles the roles, without the {@code ROLE_} prefix ({@code customer}, {@code admin}, {@code
 *     ops})
 * @param email the token's {@code email} claim when it is a string, else null
 */
public record Caller(String id, Set<String> roles, String email) {

    /** Role names of the {@code roles} claim. */
    public static final String CUSTOMER = FleetTokens.CUSTOMER;

    public static final String ADMIN = FleetTokens.ADMIN;
    public static final String OPS = FleetTokens.OPS;

    /** The caller of an authenticated request. */
    public static Caller of(Authentication authentication) {
        Set<String> roles =
                authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith(SecurityConfig.ROLE_PREFIX))
                        .map(a -> a.substring(SecurityConfig.ROLE_PREFIX.length()))
                        .collect(Collectors.toUnmodifiableSet());
        String email =
                authentication instanceof JwtAuthenticationToken jwt
                                && jwt.getToken().getClaims().get("email") instanceof String e
                        ? e
                        : null;
        return new Caller(authentication.getName(), roles, email);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }
}
