package io.outboxfleet.command.security;

import io.outboxfleet.security.token.FleetTokens;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Bearer tokens as {@link FleetTokens} verifies them for every service (HS256 with
 * FLEET_JWT_SECRET, {@code exp} and {@code sub} required, {@code roles} only as an array of known
 * names, mapped to {@code ROLE_<role>}). Which role may call what is decided here, per route, so it
 * reads as one table. 401 and 403 answers are problems from the one advice.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    static final String ROLE_PREFIX = FleetTokens.ROLE_PREFIX;

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
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
                                        .hasAnyRole(Caller.CUSTOMER, Caller.ADMIN)
                                        .requestMatchers(HttpMethod.POST, "/api/products/*/stock")
                                        .hasRole(Caller.ADMIN)
                                        // list (own or all) and cancel (owner or admin) are decided
                                        // by the order feature
                                        .requestMatchers(HttpMethod.GET, "/api/orders")
                                        .hasAnyRole(Caller.CUSTOMER, Caller.ADMIN)
                                        .requestMatchers(HttpMethod.POST, "/api/orders/*/cancel")
                                        .hasAnyRole(Caller.CUSTOMER, Caller.ADMIN)
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
                                rs.jwt(
                                                jwt ->
                                                        jwt.jwtAuthenticationConverter(
                                                                FleetTokens.authentication()))
                                        .authenticationEntryPoint(failures)
                                        .accessDeniedHandler(failures))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(failures).accessDeniedHandler(failures))
                .build();
    }

    /** The fleet's one token validator (fleet-security), shared with the workers. */
    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return FleetTokens.decoder(properties.secretBytes());
    }
}
