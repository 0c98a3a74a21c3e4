package io.outboxfleet.command.security;

import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Bearer tokens: HS256 with FLEET_JWT_SECRET, {@code exp} required, the {@code roles} claim mapped
 * to {@code ROLE_<role>} authorities. Which role may call what is decided here, per route, so it
 * reads as one table. 401 and 403 answers are problems from the one advice.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String ROLE_PREFIX = "ROLE_";

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            JwtAuthenticationConverter tokens,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems)
            throws Exception {
        ProblemSecurityHandler failures = new ProblemSecurityHandler(problems);
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(
                        routes ->
                                routes.requestMatchers(
                                                "/actuator/health",
                                                "/actuator/health/**",
                                                "/actuator/prometheus")
                                        .permitAll()
                                        .requestMatchers("/error")
                                        .permitAll()
                                        // the payment provider signs its webhooks; the payment
                                        // feature verifies the signature
                                        .requestMatchers(HttpMethod.POST, "/webhooks/payments")
                                        .permitAll()
                                        .requestMatchers(HttpMethod.POST, "/api/products")
                                        .hasRole(Caller.ADMIN)
                                        .requestMatchers(
                                                HttpMethod.GET, "/api/products", "/api/products/*")
                                        .authenticated()
                                        .requestMatchers(HttpMethod.POST, "/api/orders")
                                        .hasRole(Caller.CUSTOMER)
                                        // owner-or-admin is checked by the order feature, which
                                        // answers 404 to others
                                        .requestMatchers(HttpMethod.GET, "/api/orders/*")
                                        .authenticated()
                                        .requestMatchers(HttpMethod.POST, "/api/products/*/stock")
                                        .hasRole(Caller.ADMIN)
                                        // list (own or all) and cancel (owner or admin) are decided
                                        // by the order feature
                                        .requestMatchers(HttpMethod.GET, "/api/orders")
                                        .authenticated()
                                        .requestMatchers(HttpMethod.POST, "/api/orders/*/cancel")
                                        .authenticated()
                                        .requestMatchers("/api/audit", "/api/audit/**")
                                        .hasRole(Caller.ADMIN)
                                        .requestMatchers("/api/reports/**")
                                        .hasRole(Caller.ADMIN)
                                        // the API description is public: it holds no data
                                        .requestMatchers(
                                                "/v3/api-docs",
                                                "/v3/api-docs/**",
                                                "/swagger-ui.html",
                                                "/swagger-ui/**")
                                        .permitAll()
                                        .requestMatchers(
                                                "/api/webhook-endpoints",
                                                "/api/webhook-endpoints/**")
                                        .hasRole(Caller.ADMIN)
                                        .anyRequest()
                                        .authenticated())
                .oauth2ResourceServer(
                        rs ->
                                rs.jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
                                        .authenticationEntryPoint(failures)
                                        .accessDeniedHandler(failures))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(failures).accessDeniedHandler(failures))
                .build();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withSecretKey(
                                new SecretKeySpec(properties.secretBytes(), "HmacSHA256"))
                        .macAlgorithm(MacAlgorithm.HS256)
                        .build();
        // the default validators check exp only when present; a token without exp never expires
        decoder.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(
                        JwtValidators.createDefault(),
                        new JwtClaimValidator<Object>(JwtClaimNames.EXP, exp -> exp != null)));
        return decoder;
    }

    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix(ROLE_PREFIX);
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }
}
