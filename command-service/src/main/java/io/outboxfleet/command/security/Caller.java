package io.outboxfleet.command.security;

import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in user of a request: the JWT {@code sub} and the roles of its {@code roles} claim.
 *
 * @param id the JWT subject
 * @param roles the roles, without the {@code ROLE_} prefix ({@code customer}, {@code admin}, {@code
 *     ops})
 */
public record Caller(String id, Set<String> roles) {

    /** Role names of the {@code roles} claim. */
    public static final String CUSTOMER = "customer";

    public static final String ADMIN = "admin";
    public static final String OPS = "ops";

    /** The caller of an authenticated request. */
    public static Caller of(Authentication authentication) {
        Set<String> roles =
                authentication.getAuthorities().stream()
                        .map(GrantedAuthority::getAuthority)
                        .filter(a -> a.startsWith(SecurityConfig.ROLE_PREFIX))
                        .map(a -> a.substring(SecurityConfig.ROLE_PREFIX.length()))
                        .collect(Collectors.toUnmodifiableSet());
        return new Caller(authentication.getName(), roles);
    }

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }
}
