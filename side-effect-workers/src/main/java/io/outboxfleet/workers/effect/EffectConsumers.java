package io.outboxfleet.workers.effect;

import io.outboxfleet.workers.event.EventReader;
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
import org.springframework.kafka.listener.ContainerPausingBackOffHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.ListenerContainerPauseService;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * One listener container per {@link Effect}, each in its own consumer group, committing a record's
 * offset only after its listener returned (ack mode RECORD, see application.yml). Failed records are
 * retried in place with exponential backoff (the container pauses instead of sleeping the consumer,
 * so a 10-minute delay does not trip {@code max.poll.interval.ms}); permanent failures and the last
 * failed attempt go to the {@link DeadLetters}.
 */
@Configuration(proxyBeanMethods = false)
class EffectConsumers {

    private static final Logger log = LoggerFactory.getLogger(EffectConsumers.class);

    @Bean
    KafkaAdmin.NewTopics fleetTopics(TopicProperties topics) {
        return new KafkaAdmin.NewTopics(Effect.Topics.ALL.stream()
                .map(name -> TopicBuilder.name(name).partitions(topics.partitions()).replicas(topics.replicas()).build())
                .toArray(NewTopic[]::new));
    }

    @Bean
    EffectHandlers effectHandlers(List<EffectHandler> handlers) {
        EffectHandlers registry = new EffectHandlers(handlers);
        log.info("effect handlers for event types {}", registry.knownTypes());
        return registry;
    }

    @Bean(destroyMethod = "shutdown")
    ThreadPoolTaskScheduler effectRetryScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("effect-retry-");
        scheduler.setPoolSize(1);
        scheduler.initialize();
        return scheduler;
    }

    @Bean
    EffectContainers effectContainers(ConcurrentKafkaListenerContainerFactory<String, String> factory,
                                      EventReader reader, EffectHandlers handlers, EffectRunner runner,
                                      DeadLetters deadLetters, EffectMetrics metrics, RetryProperties retry,
                                      ThreadPoolTaskScheduler effectRetryScheduler) {
        ListenerContainerPauseService pauser = new ListenerContainerPauseService(null, effectRetryScheduler);
        List<ConcurrentMessageListenerContainer<String, String>> containers = java.util.Arrays.stream(Effect.values())
                .map(effect -> {
                    ConcurrentMessageListenerContainer<String, String> container =
                            factory.createContainer(effect.topics().toArray(String[]::new));
                    container.getContainerProperties().setGroupId(effect.consumerGroup());
                    container.getContainerProperties().setMessageListener(
                            new EffectConsumer(effect, reader, handlers, runner, deadLetters, metrics));
                    container.setCommonErrorHandler(errorHandler(effect, retry, deadLetters, metrics, pauser));
                    container.setBeanName("effect-" + effect.label());
                    return container;
                })
                .toList();
        return new EffectContainers(containers);
    }

    private static DefaultErrorHandler errorHandler(Effect effect, RetryProperties retry, DeadLetters deadLetters,
                                                    EffectMetrics metrics, ListenerContainerPauseService pauser) {
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            metrics.attempt(effect, EffectMetrics.Outcome.DEAD_LETTER);
            Throwable cause = failure instanceof ListenerExecutionFailedException && failure.getCause() != null
                    ? failure.getCause() : failure;
            deadLetters.exhausted(effect, record, cause);
        }, retry.backOff(), new ContainerPausingBackOffHandler(pauser));
        handler.addNotRetryableExceptions(EffectFailure.Permanent.class);
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.DEBUG);
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
