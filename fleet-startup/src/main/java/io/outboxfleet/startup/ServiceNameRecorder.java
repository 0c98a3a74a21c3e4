package io.outboxfleet.startup;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Notes {@code spring.application.name} as soon as the configuration files are loaded, before other
 * environment post-processors run, so that a start failing in one of them (no application context
 * yet) is still reported under the service's name. Registered in {@code META-INF/spring.factories}.
 */
public final class ServiceNameRecorder implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(
            ConfigurableEnvironment environment, SpringApplication application) {
        StartupFailureReporter.record(environment.getProperty("spring.application.name"));
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
