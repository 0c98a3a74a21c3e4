package io.outboxfleet.workers.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.ExceptionMappingAuthenticationFailureHandler;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * The console's own filter chain, ahead of the bearer-only one of the JSON ops API: session based
 * (the pasted token is checked once at login and kept server side), CSRF-protected, with a
 * Content-Security-Policy that allows no inline script. Every page needs role {@code ops}.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    static final String BASE = "/ops/console";
    static final String LOGIN = BASE + "/login";

    /** No inline script or style, nothing from elsewhere, never framed. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                    + "base-uri 'none'; object-src 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain consoleFilterChain(HttpSecurity http, JwtDecoder decoder, Clock clock)
            throws Exception {
        TokenLogin login = new TokenLogin(decoder);
        ExceptionMappingAuthenticationFailureHandler failures =
                new ExceptionMappingAuthenticationFailureHandler();
        failures.setExceptionMappings(
                Map.of(TokenLogin.NotOps.class.getName(), LOGIN + "?error=role"));
        failures.setDefaultFailureUrl(LOGIN + "?error=invalid");
        return http.securityMatcher("/ops", "/ops/", BASE, BASE + "/**", "/webjars/**")
                .authenticationManager(login)
                .authorizeHttpRequests(
                        requests ->
                                requests.requestMatchers(LOGIN, BASE + "/static/**", "/webjars/**")
                                        .permitAll()
                                        .anyRequest()
                                        .hasRole("ops"))
                .formLogin(
                        form ->
                                form.loginPage(LOGIN)
                                        .usernameParameter("operator")
                                        .passwordParameter("token")
                                        .defaultSuccessUrl(BASE + "/", true)
                                        .failureHandler(failures))
                .exceptionHandling(
                        errors ->
                                errors.accessDeniedHandler(ConsoleSecurity::forbidden)
                                        .authenticationEntryPoint(ConsoleSecurity::toLogin))
                .logout(
                        logout ->
                                logout.logoutUrl(BASE + "/logout")
                                        .logoutSuccessUrl(LOGIN + "?logout"))
                .sessionManagement(
                        session ->
                                session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                                        .sessionFixation(fixation -> fixation.newSession()))
                .addFilterAfter(new ExpiredTokenFilter(clock), SecurityContextHolderFilter.class)
                .headers(
                        headers ->
                                headers.contentSecurityPolicy(
                                                csp ->
                                                        csp.policyDirectives(
                                                                CONTENT_SECURITY_POLICY))
                                        .frameOptions(frame -> frame.deny())
                                        .referrerPolicy(
                                                referrer ->
                                                        referrer.policy(
                                                                ReferrerPolicyHeaderWriter
                                                                        .ReferrerPolicy
                                                                        .NO_REFERRER)))
                .build();
    }

    /** Answered here, not through /error (which belongs to the API's chain). */
    private static void forbidden(
            HttpServletRequest request, HttpServletResponse response, Exception denied)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().write("Forbidden: the console needs role ops and a valid CSRF token.");
    }

    /** To the login page; an htmx refresh after the session ended is told to load it. */
    private static void toLogin(
            HttpServletRequest request, HttpServletResponse response, Exception unauthenticated)
            throws IOException {
        if ("true".equals(request.getHeader("HX-Request"))) {
            response.setHeader("HX-Redirect", LOGIN);
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        } else {
            response.sendRedirect(LOGIN);
        }
    }
}
