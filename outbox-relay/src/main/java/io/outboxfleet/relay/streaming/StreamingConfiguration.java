package io.outboxfleet.relay.streaming;

import io.outboxfleet.relay.RelayProperties;
import io.outboxfleet.relay.publishing.KafkaBatchPublisher;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    SlotInspector slotInspector(JdbcClient jdbc, RelayProperties properties) {
        return new SlotInspector(jdbc, properties.slotName());
    }

    @Bean
    RelayLeader relayLeader(
            RelayProperties properties,
            DatabaseLogin db,
            KafkaBatchPublisher publisher,
            SlotInspector slots,
            Clock clock) {
        return new RelayLeader(properties, db, publisher, slots, clock);
    }
}
