package io.outboxfleet.command.web;

import io.outboxfleet.security.web.FirewallRejections;
import io.outboxfleet.security.web.PlainTextParameters;
import io.outboxfleet.security.web.TomcatProblems;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refusals before a controller runs, each answered as a problem: Tomcat's own (an invalid URI,
 * oversized headers), the security firewall's (to {@link ProblemAdvice}), and request parameters or
 * headers that are not plain text (a 400 naming the parameter, from {@link ProblemAdvice}).
 */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    @Bean
    TomcatProblems tomcatProblems() {
        return new TomcatProblems();
    }

    @Bean
    FirewallRejections firewallRejections(
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        return new FirewallRejections(problems);
    }

    @Bean
    PlainTextParameters plainTextParameters() {
        return new PlainTextParameters();
    }
}
