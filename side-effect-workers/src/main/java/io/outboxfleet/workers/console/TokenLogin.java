package io.outboxfleet.workers.console;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Checks the bearer token pasted on the login page with the ops API's own {@link JwtDecoder}
 * (signature, expiry) and requires role {@code ops}; the token itself is never echoed or logged.
 */
final class TokenLogin implements AuthenticationManager {

    static final String OPS = "ROLE_ops";

    /** A valid token without role ops (say, a customer's). */
    static final class NotOps extends AuthenticationException {
        NotOps() {
            super("the token has no role ops");
        }
    }

    private final JwtDecoder decoder;
    private final JwtAuthenticationConverter converter;

    TokenLogin(JwtDecoder decoder) {
        this.decoder = decoder;
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName("roles");
        authorities.setAuthorityPrefix("ROLE_");
        this.converter = new JwtAuthenticationConverter();
        this.converter.setJwtGrantedAuthoritiesConverter(authorities);
    }

    @Override
    public Authentication authenticate(Authentication login) {
        Object credentials = login.getCredentials();
        String token = credentials == null ? "" : credentials.toString().strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        if (token.isEmpty()) {
            throw new BadCredentialsException("no token");
        }
        Jwt jwt;
        try {
            jwt = decoder.decode(token);
        } catch (JwtException e) {
            throw new BadCredentialsException("invalid token");
        }
        AbstractAuthenticationToken authentication = converter.convert(jwt);
        boolean ops =
                authentication.getAuthorities().stream()
                        .anyMatch(a -> OPS.equals(a.getAuthority()));
        if (!ops) {
            throw new NotOps();
        }
        return new ConsoleAuthentication(jwt, authentication.getAuthorities());
    }
}
