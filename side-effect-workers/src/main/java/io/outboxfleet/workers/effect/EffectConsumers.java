package io.outboxfleet.workers.effect;

import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

/**
 * One listener container per {@link Effect}, each in its own consumer group, committing a record's
 * offset only after its listener returned (ack mode RECORD, see application.yml), that is after the
 * record's effects are queued in Postgres. The {@link EffectDispatcher} delivers them.
 */
@Configuration(proxyBeanMethods = false)
class EffectConsumers {

    private static final Logger log = LoggerFactory.getLogger(EffectConsumers.class);

    @Bean
    KafkaAdmin.NewTopics fleetTopics(TopicProperties topics) {
        return new KafkaAdmin.NewTopics(
                java.util.stream.Stream.concat(
                                Effect.Topics.ALL.stream(),
                                java.util.stream.Stream.of(DeadLetters.TOPIC))
                        .map(
                                name ->
                                        TopicBuilder.name(name)
                                                .partitions(topics.partitions())
                                                .replicas(topics.replicas())
                                                .build())
                        .toArray(NewTopic[]::new));
    }

    @Bean
    EffectHandlers effectHandlers(List<EffectHandler> handlers) {
        EffectHandlers registry = new EffectHandlers(handlers);
        log.info("effect handlers for event types {}", registry.knownTypes());
        return registry;
    }

    @Bean
    EffectContainers effectContainers(
            ConcurrentKafkaListenerContainerFactory<String, String> factory,
            EffectIntake intake,
            DeadLetters deadLetters,
            EffectMetrics metrics,
            Clock clock) {
        List<ConcurrentMessageListenerContainer<String, String>> containers =
                java.util.Arrays.stream(Effect.values())
                        .map(
                                effect -> {
                                    ConcurrentMessageListenerContainer<String, String> container =
                                            factory.createContainer(
                                                    effect.topics().toArray(String[]::new));
                                    container
                                            .getContainerProperties()
                                            .setGroupId(effect.consumerGroup());
                                    container
                                            .getContainerProperties()
                                            .setMessageListener(
                                                    new EffectConsumer(
                                                            effect,
                                                            intake,
                                                            deadLetters,
                                                            metrics,
                                                            clock));
                                    container.setCommonErrorHandler(infrastructureErrors());
                                    container.setBeanName("effect-" + effect.label());
                                    return container;
                                })
                        .toList();
        return new EffectContainers(containers);
    }

    /**
     * The listener only fails when Postgres cannot take the work: the record is retried every
     * second, never skipped, until it can (effects' own failures are retried by the dispatcher, not
     * here).
     */
    private static DefaultErrorHandler infrastructureErrors() {
        DefaultErrorHandler handler =
                new DefaultErrorHandler(new FixedBackOff(1000, FixedBackOff.UNLIMITED_ATTEMPTS));
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        return handler;
    }

    /** Starts and stops the effect containers with the application context. */
    static final class EffectContainers implements SmartLifecycle {

        private final List<ConcurrentMessageListenerContainer<String, String>> containers;

        EffectContainers(List<ConcurrentMessageListenerContainer<String, String>> containers) {
            this.containers = containers;
        }

        @Override
        public void start() {
            containers.forEach(ConcurrentMessageListenerContainer::start);
        }

        @Override
        public void stop() {
            containers.forEach(ConcurrentMessageListenerContainer::stop);
        }

        @Override
        public boolean isRunning() {
            return containers.stream().anyMatch(ConcurrentMessageListenerContainer::isRunning);
        }

        List<ConcurrentMessageListenerContainer<String, String>> containers() {
            return containers;
        }
    }
}
