package io.outboxfleet.workers.effect.intake;

import io.outboxfleet.workers.effect.Effect;
import io.outboxfleet.workers.effect.EffectHandler;
import io.outboxfleet.workers.effect.EffectHandlers;
import io.outboxfleet.workers.effect.deadletter.DeadLetters;
import io.outboxfleet.workers.effect.delivery.DeliveryEngine;
import io.outboxfleet.workers.effect.delivery.EffectMetrics;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * One listener container per {@link Effect} some handler serves, each in its own consumer group,
 * taking in each poll's records in one transaction and committing their offsets only after the
 * listener returned (ack mode BATCH), that is after the records' effects are queued in Postgres.
 * The {@link DeliveryEngine} delivers them.
 */
@Configuration(proxyBeanMethods = false)
class EffectConsumers {

    private static final Logger log = LoggerFactory.getLogger(EffectConsumers.class);

    @Bean
    KafkaAdmin.NewTopics fleetTopics(TopicProperties topics) {
        return new KafkaAdmin.NewTopics(
                java.util.stream.Stream.concat(
                                io.outboxfleet.workers.event.Topics.ALL.stream(),
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
            EffectHandlers handlers,
            TopicProperties topics,
            Clock clock) {
        List<ConcurrentMessageListenerContainer<String, String>> containers =
                handlers.effects().stream()
                        .map(
                                effect -> {
                                    ConcurrentMessageListenerContainer<String, String> container =
                                            factory.createContainer(
                                                    effect.topics().toArray(String[]::new));
                                    container
                                            .getContainerProperties()
                                            .setGroupId(
                                                    effect.consumerGroup()
                                                            + topics.consumerGroupSuffix());
                                    EffectConsumer listener =
                                            new EffectConsumer(
                                                    effect, intake, deadLetters, metrics, clock);
                                    container.getContainerProperties().setMessageListener(listener);
                                    container
                                            .getContainerProperties()
                                            .setAckMode(ContainerProperties.AckMode.BATCH);
                                    container.setCommonErrorHandler(intakeErrors(listener));
                                    container.setBeanName("effect-" + effect.label());
                                    return container;
                                })
                        .toList();
        return new EffectContainers(containers);
    }

    /**
     * What happens to a record whose intake failed in a way the listener did not settle itself
     * ({@link IntakeFailure}): while the database is unavailable it is retried, never skipped,
     * every 1 s doubling up to 10 s (one log line per retry, so a long outage logs a few lines a
     * minute); an unknown failure is retried {@value #UNKNOWN_RETRIES} times, then the record
     * becomes a dead letter with the reason, so it never blocks its partition for good.
     */
    private static DefaultErrorHandler intakeErrors(EffectConsumer listener) {
        DefaultErrorHandler handler =
                new DefaultErrorHandler(
                        (record, e) -> recover(listener, record, e), unknownBackOff());
        handler.setBackOffFunction(
                (record, e) ->
                        IntakeFailure.of(e).kind() == IntakeFailure.Kind.TRANSIENT
                                ? transientBackOff()
                                : unknownBackOff());
        // the listener logs one line per failure, without the stack trace
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
        return handler;
    }

    static final int UNKNOWN_RETRIES = 3;

    private static BackOff transientBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
        backOff.setMaxInterval(10_000);
        return backOff;
    }

    private static BackOff unknownBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxAttempts(UNKNOWN_RETRIES);
        return backOff;
    }

    @SuppressWarnings("unchecked")
    private static void recover(EffectConsumer listener, ConsumerRecord<?, ?> record, Exception e) {
        IntakeFailure failure = IntakeFailure.of(e);
        String reason = "intake failed " + (UNKNOWN_RETRIES + 1) + " times: " + failure.reason();
        try {
            listener.reject((ConsumerRecord<String, String>) record, reason);
        } catch (RuntimeException deadLetterFailed) {
            if (IntakeFailure.of(deadLetterFailed).kind() == IntakeFailure.Kind.TRANSIENT) {
                throw deadLetterFailed; // the record is retried once the database is back
            }
            log.error(
                    "record {}-{}@{} skipped: it cannot be taken in ({}) nor stored as a dead letter ({})",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    reason,
                    IntakeFailure.of(deadLetterFailed).reason());
        }
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
