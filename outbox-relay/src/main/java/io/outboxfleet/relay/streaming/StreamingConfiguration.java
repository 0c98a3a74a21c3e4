package io.outboxfleet.relay.streaming;

import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.publishing.KafkaBatchPublisher;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class StreamingConfiguration {

    @Bean
    DatabaseLogin databaseLogin(
            @Value("${spring.datasource.url}") String url,
            @Value("${spring.datasource.username}") String user,
            @Value("${spring.datasource.password}") String password) {
        return new DatabaseLogin(url, user, password);
    }

    @Bean
    RelayLeader relayLeader(
            RelayProperties properties, DatabaseLogin db, KafkaBatchPublisher publisher) {
        return new RelayLeader(properties, db, publisher);
    }
}
