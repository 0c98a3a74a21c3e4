package io.outboxfleet.workers.ops;

import io.outboxfleet.security.web.TomcatProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tomcat's own rejections (an invalid URI, oversized headers) answered as problems. */
@Configuration(proxyBeanMethods = false)
class ContainerErrors {

    @Bean
    TomcatProblems tomcatProblems() {
        return new TomcatProblems();
    }
}
