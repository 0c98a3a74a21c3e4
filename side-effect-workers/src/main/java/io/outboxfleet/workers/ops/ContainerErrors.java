package io.outboxfleet.workers.ops;

import io.outboxfleet.security.web.FirewallRejections;
import io.outboxfleet.security.web.PlainTextParameters;
import io.outboxfleet.security.web.TomcatProblems;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refusals before a controller runs, each a 400 problem (the console's pages: a 400 page): Tomcat's
 * own (an invalid URI, oversized headers), the security firewall's, and request parameters or
 * headers that are not plain text (NUL, which Postgres refuses: named, never a 500).
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
