package io.outboxfleet.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.outboxfleet.relay.RelayProperties.OnLostSlot;
import io.outboxfleet.startup.StartupFailures;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** The relay's settings as the process binds them: from environment variables, else defaults. */
class RelayPropertiesTest {

    @Test
    void withoutVariablesEveryDefaultOfTheDocsApplies() {
        RelayProperties relay = bind(Map.of());

        assertThat(relay.slotName()).isEqualTo("fleet_outbox_slot");
        assertThat(relay.publication()).isEqualTo("fleet_outbox");
        assertThat(relay.snapshotMode()).isEqualTo("initial");
        assertThat(relay.defaultSource()).isEqualTo("/command-service");
        assertThat(relay.topicFor("order")).isEqualTo("fleet.order.events");
        assertThat(relay.outbox())
                .isEqualTo(
                        new RelayProperties.Outbox(
                                "public.outbox_events",
                                "id",
                                "aggregate_type",
                                "aggregate_id",
                                "event_type",
                                "payload",
                                "headers",
                                "created_at"));
        assertThat(relay.heartbeatInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(relay.pollInterval()).isEqualTo(Duration.ofMillis(10));
        assertThat(relay.offsetFlushInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(relay.maxBatchSize()).isEqualTo(4096);
        assertThat(relay.maxQueueSize()).isEqualTo(16384);
        assertThat(relay.lockPollInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(relay.restartDelay()).isEqualTo(Duration.ofSeconds(10));
        assertThat(relay.slotLagInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(relay.onLostSlot()).isEqualTo(OnLostSlot.FAIL);
        assertThat(relay.retention()).isEqualTo(Duration.ofHours(24));
        assertThat(relay.retentionInterval()).isEqualTo(Duration.ofMinutes(10));
        assertThat(relay.rows().tables())
                .containsExactly("public.orders", "public.products", "public.documents");
        assertThat(relay.rows().topicFor("orders")).isEqualTo("fleet.rows.orders");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "FLEET_RELAY_SLOT_NAME             | other_slot        | slotName            | other_slot",
                "FLEET_RELAY_PUBLICATION           | other_pub         | publication         | other_pub",
                "FLEET_RELAY_SNAPSHOT_MODE         | no_data           | snapshotMode        | no_data",
                "FLEET_RELAY_DEFAULT_SOURCE        | /elsewhere        | defaultSource       | /elsewhere",
                "FLEET_RELAY_TOPIC_TEMPLATE        | x.{aggregateType} | topicTemplate       | x.{aggregateType}",
                "FLEET_RELAY_OUTBOX_TABLE          | app.outbox        | outbox.table        | app.outbox",
                "FLEET_RELAY_HEARTBEAT_INTERVAL    | 3s                | heartbeatInterval   | PT3S",
                "FLEET_RELAY_POLL_INTERVAL         | 5ms               | pollInterval        | PT0.005S",
                "FLEET_RELAY_OFFSET_FLUSH_INTERVAL | 1s                | offsetFlushInterval | PT1S",
                "FLEET_RELAY_MAX_BATCH_SIZE        | 100               | maxBatchSize        | 100",
                "FLEET_RELAY_MAX_QUEUE_SIZE        | 20000             | maxQueueSize        | 20000",
                "FLEET_RELAY_LOCK_POLL_INTERVAL    | 500ms             | lockPollInterval    | PT0.5S",
                "FLEET_RELAY_RESTART_DELAY         | 1m                | restartDelay        | PT1M",
                "FLEET_RELAY_SLOT_LAG_INTERVAL     | 30s               | slotLagInterval     | PT30S",
                "FLEET_RELAY_ON_LOST_SLOT          | resnapshot        | onLostSlot          | RESNAPSHOT",
                "FLEET_RELAY_RETENTION             | 2d                | retention           | PT48H",
                "FLEET_RELAY_RETENTION_INTERVAL    | 1h                | retentionInterval   | PT1H",
                "FLEET_RELAY_ROW_TABLES            | 'public.a, b.c'   | rows.tables         | '[public.a, b.c]'",
                "FLEET_RELAY_ROW_TOPIC_TEMPLATE    | rows.{table}      | rows.topicTemplate  | rows.{table}"
            })
    void everyVariableOfTheDocsIsBound(
            String variable, String value, String field, String expected) {
        Object bound = READERS.get(field).apply(bind(Map.of(variable, value)));

        assertThat(String.valueOf(bound)).isEqualTo(expected);
    }

    @Test
    void aSetButEmptyNameIsRefusedNamingItsVariable() {
        assertThat(refusal(Map.of("FLEET_RELAY_SLOT_NAME", " ")))
                .isEqualTo(
                        "FLEET_RELAY_SLOT_NAME is set but empty; leave it unset for the default");
        assertThat(refusal(Map.of("FLEET_RELAY_ROW_TOPIC_TEMPLATE", "")))
                .startsWith("FLEET_RELAY_ROW_TOPIC_TEMPLATE is set but empty");
    }

    @Test
    void anEmptyTableListMeansNoRowTopics() {
        assertThat(bind(Map.of("FLEET_RELAY_ROW_TABLES", "")).rows().tables()).isEmpty();
    }

    @Test
    void theQueueMustBeLargerThanTheBatch() {
        assertThat(refusal(Map.of("FLEET_RELAY_MAX_QUEUE_SIZE", "4096")))
                .isEqualTo(
                        "FLEET_RELAY_MAX_QUEUE_SIZE (4096) must be larger than"
                                + " FLEET_RELAY_MAX_BATCH_SIZE (4096)");
        assertThat(refusal(Map.of("FLEET_RELAY_MAX_BATCH_SIZE", "0")))
                .isEqualTo("FLEET_RELAY_MAX_BATCH_SIZE must be at least 1, got 0");
    }

    @Test
    void aNegativeDurationIsRefused() {
        assertThat(refusal(Map.of("FLEET_RELAY_RETENTION", "-1h")))
                .isEqualTo("FLEET_RELAY_RETENTION must not be negative, got PT-1H");
    }

    @Test
    void aValueThatIsNotADurationOrChoiceNamesItsVariable() {
        assertThat(refusal(Map.of("FLEET_RELAY_POLL_INTERVAL", "soon")))
                .startsWith("FLEET_RELAY_POLL_INTERVAL has an invalid value 'soon'");
        assertThat(refusal(Map.of("FLEET_RELAY_ON_LOST_SLOT", "ignore")))
                .startsWith("FLEET_RELAY_ON_LOST_SLOT has an invalid value 'ignore'");
    }

    private static final Map<String, Function<RelayProperties, Object>> READERS =
            Map.ofEntries(
                    Map.entry("slotName", RelayProperties::slotName),
                    Map.entry("publication", RelayProperties::publication),
                    Map.entry("snapshotMode", RelayProperties::snapshotMode),
                    Map.entry("defaultSource", RelayProperties::defaultSource),
                    Map.entry("topicTemplate", RelayProperties::topicTemplate),
                    Map.entry("outbox.table", r -> r.outbox().table()),
                    Map.entry("heartbeatInterval", RelayProperties::heartbeatInterval),
                    Map.entry("pollInterval", RelayProperties::pollInterval),
                    Map.entry("offsetFlushInterval", RelayProperties::offsetFlushInterval),
                    Map.entry("maxBatchSize", RelayProperties::maxBatchSize),
                    Map.entry("maxQueueSize", RelayProperties::maxQueueSize),
                    Map.entry("lockPollInterval", RelayProperties::lockPollInterval),
                    Map.entry("restartDelay", RelayProperties::restartDelay),
                    Map.entry("slotLagInterval", RelayProperties::slotLagInterval),
                    Map.entry("onLostSlot", RelayProperties::onLostSlot),
                    Map.entry("retention", RelayProperties::retention),
                    Map.entry("retentionInterval", RelayProperties::retentionInterval),
                    Map.entry("rows.tables", r -> r.rows().tables()),
                    Map.entry("rows.topicTemplate", r -> r.rows().topicTemplate()));

    /** Binds fleet.relay.* as the process does, from these environment variables only. */
    private static RelayProperties bind(Map<String, String> env) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(
                new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new HashMap<>(env)));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("fleet.relay", RelayProperties.class);
    }

    /** The one line a start with these variables is refused with. */
    private static String refusal(Map<String, String> env) {
        Throwable failure = catchThrowable(() -> bind(env));
        assertThat(failure).as("refused").isNotNull();
        return StartupFailures.explain(failure).orElseThrow(() -> new AssertionError(failure));
    }
}
