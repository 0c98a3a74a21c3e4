package io.outboxfleet.workers.security;

import io.outboxfleet.security.token.FleetTokens;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Stateless bearer-token security (docs/contract.md section 3), with the fleet's one token
 * validator ({@link FleetTokens}: HS256 with FLEET_JWT_SECRET, {@code exp} and {@code sub}
 * required, {@code roles} only as an array of known names); {@code /ops/**} needs role {@code ops};
 * health and Prometheus are open (health details only to {@code ops}). 401 and 403 are problem+json
 * bodies that say nothing about the token.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        SecurityProblems problems = new SecurityProblems();
        return http.authorizeHttpRequests(
                        requests ->
                                requests.requestMatchers("/actuator/**")
                                        .permitAll()
                                        .requestMatchers("/error")
                                        .permitAll()
                                        .requestMatchers("/ops/**")
                                        .hasRole(FleetTokens.OPS)
                                        .anyRequest()
                                        .authenticated())
                .oauth2ResourceServer(
                        server ->
                                server.jwt(
                                                jwt ->
                                                        jwt.jwtAuthenticationConverter(
                                                                FleetTokens.authentication()))
                                        .authenticationEntryPoint(problems)
                                        .accessDeniedHandler(problems))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .sessionManagement(
                        session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return FleetTokens.decoder(properties.secret().getBytes(StandardCharsets.UTF_8));
    }
}
