package io.outboxfleet.relay.publishing;

import io.outboxfleet.relay.RelayProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PublishingConfiguration {

    @Bean
    OutboxRecordMapper outboxRecordMapper(RelayProperties properties) {
        return new OutboxRecordMapper(properties);
    }

    @Bean
    RowChangeMapper rowChangeMapper(RelayProperties properties) {
        return new RowChangeMapper(properties.rows());
    }
}
