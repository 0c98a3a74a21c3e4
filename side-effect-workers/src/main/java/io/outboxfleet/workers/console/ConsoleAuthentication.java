package io.outboxfleet.workers.console;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A console login: the checked token and its roles, kept in the server-side session. (Spring
 * Security's own JwtAuthenticationToken is transient by design, never stored in a session.) The
 * name is the token's subject.
 */
final class ConsoleAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    private final Jwt token;

    ConsoleAuthentication(Jwt token, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.token = token;
        setAuthenticated(true);
    }

    Jwt token() {
        return token;
    }

    @Override
    public Object getCredentials() {
        return token;
    }

    @Override
    public Object getPrincipal() {
        return token.getSubject();
    }

    @Override
    public String getName() {
        return token.getSubject();
    }

    @Override
    public String toString() {
        return "ConsoleAuthentication[" + getName() + ", " + getAuthorities() + "]";
    }
}
